using System.Threading.Channels;

namespace CodexHelper.Files;

/// <summary>
/// The one background batching queue (the request log, the console, the dashboard's disk capture): producers hand items over and never
/// wait; one task takes everything queued, passes each item to <c>add</c>, then calls <c>write</c> once for
/// the batch, and lets the next batch gather for <c>interval</c>. A busy proxy so makes a few writes a second
/// instead of one per request, and a slow disk or a paused terminal never stalls a request.
/// </summary>
internal sealed class BackgroundBatcher<T> : IAsyncDisposable
{
    private readonly Channel<Item> _queue;
    private readonly Action<T> _add;
    private readonly Action _write;
    private readonly Action<Exception> _failed;
    private readonly TimeSpan _interval;
    private readonly Task _pump;
    private bool _completed;

    /// <param name="capacity">Bound on queued items, so a dead disk or terminal cannot eat memory; beyond it <see cref="TryAdd"/> refuses.</param>
    /// <param name="add">Adds one item to the pending batch (pump task only).</param>
    /// <param name="write">Writes the pending batch out (pump task only).</param>
    /// <param name="failed">Gets whatever <paramref name="add"/> or <paramref name="write"/> threw; the pump carries on.</param>
    public BackgroundBatcher(int capacity, TimeSpan interval, Action<T> add, Action write, Action<Exception> failed)
    {
        _add = add;
        _write = write;
        _failed = failed;
        _interval = interval;
        // Continuations stay asynchronous (the channel default): a producer's TryAdd never runs the pump, and its I/O, inline.
        _queue = Channel.CreateBounded<Item>(new BoundedChannelOptions(capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        _pump = PumpAsync();
    }

    /// <summary>Queues one item; false when the queue is full or closed. Never waits, never throws.</summary>
    public bool TryAdd(T item) => _queue.Writer.TryWrite(new Item(item, null));

    /// <summary>Completes when everything queued before the call has been written.</summary>
    public async Task FlushAsync(CancellationToken ct = default)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            await _queue.Writer.WriteAsync(new Item(default, done), ct);
        }
        catch (ChannelClosedException)
        {
            // Closed: the pump drains the queue before it ends, so its end is the flush.
            await _pump.WaitAsync(ct);
            return;
        }

        await done.Task.WaitAsync(ct);
    }

    /// <summary>
    /// Like <see cref="FlushAsync"/>, except that a full queue answers at once instead of waiting for room: for a
    /// sink that may never catch up (a terminal that stopped reading).
    /// </summary>
    public Task FlushIfRoomAsync()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (_queue.Writer.TryWrite(new Item(default, done)))
        {
            return done.Task;
        }

        return Volatile.Read(ref _completed) ? _pump : Task.CompletedTask;
    }

    /// <summary>Takes no more items; completes when everything queued so far has been written.</summary>
    public Task CompleteAsync()
    {
        Volatile.Write(ref _completed, true);
        _queue.Writer.TryComplete();
        return _pump;
    }

    public async ValueTask DisposeAsync() => await CompleteAsync();

    private async Task PumpAsync()
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            var flushed = false;
            while (reader.TryRead(out var item))
            {
                if (item.Flushed is { } done)
                {
                    Write();
                    done.TrySetResult();
                    flushed = true;
                }
                else
                {
                    try
                    {
                        _add(item.Value!);
                    }
                    catch (Exception ex)
                    {
                        // A bug in one item must not stop the pump: flush callers would wait forever.
                        _failed(ex);
                    }
                }
            }

            Write();
            if (!flushed)
            {
                await Task.Delay(_interval).ConfigureAwait(false);
            }
        }
    }

    private void Write()
    {
        try
        {
            _write();
        }
        catch (Exception ex)
        {
            _failed(ex);
        }
    }

    private readonly record struct Item(T? Value, TaskCompletionSource? Flushed);
}
