using System.Buffers;
using CodexHelper.Configuration;
using CodexHelper.Proxy.Judging;

namespace CodexHelper.Proxy.Relay;

/// <summary>What the hold decided about a streaming answer, and the stream to relay when it is committed.</summary>
internal readonly record struct HeldStart(FirstEventVerdict Verdict, string? Reason, HeldStream Stream);

/// <summary>
/// The commit point of a streaming answer: the client sees nothing of it until its first meaningful event
/// arrived (see <see cref="FirstEventJudge"/>), so that an error event or an empty stream inside a 200 can still
/// fail over to the next upstream. Bounded: at most <see cref="MaxHeldBytes"/> and
/// <c>routing.first_event_timeout_secs</c>; past either bound the answer is committed as it is.
/// </summary>
internal static class StreamCommitPoint
{
    public const int MaxHeldBytes = 64 * 1024;

    /// <summary>Whether this answer is held: a successful event stream.</summary>
    public static bool Applies(HttpResponseMessage response) =>
        (int)response.StatusCode is >= 200 and < 300
        && response.Content.Headers.NonValidated.TryGetValues("Content-Type", out var type)
        && type.ToString().Contains("text/event-stream", StringComparison.OrdinalIgnoreCase);

    /// <param name="keepalive">Sends SSE comments (beginning the client's response) while the hold waits; null: none.</param>
    /// <param name="translator">The attempt's response hook, whose Content-Type the client's response begins with.</param>
    public static async Task<HeldStart> HoldAsync(HttpResponseMessage response, RequestTimeouts timeouts, CancellationToken clientGone, HoldKeepalive? keepalive = null, Translation.IResponseTranslator? translator = null)
    {
        var body = await response.Content.ReadAsStreamAsync(clientGone);
        var held = new HeldStream(body, ArrayPool<byte>.Shared.Rent(MaxHeldBytes));
        var scanned = 0;
        // A read is never cancelled by the time bound: cancelling it would break the connection, and a slow
        // answer is still an answer. The bound only stops the waiting; the relay picks up the pending read.
        using var timer = new CancellationTokenSource(timeouts.FirstEventHold);
        var timeout = Task.Delay(Timeout.Infinite, timer.Token);
        try
        {
            while (held.HeldLength < MaxHeldBytes)
            {
                var read = held.StartRead(clientGone);
                if (!await ReadInTimeAsync(read, timeout, keepalive, response, translator, clientGone))
                {
                    return new HeldStart(FirstEventVerdict.Commit, null, held);
                }

                var n = held.FinishRead();
                var verdict = FirstEventJudge.Judge(held.Held, ended: n == 0, ref scanned, out var reason);
                if (verdict != FirstEventVerdict.NeedMore)
                {
                    return new HeldStart(verdict, reason, held);
                }
            }

            // As much preamble as we hold: the answer is committed with it.
            return new HeldStart(FirstEventVerdict.Commit, null, held);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException && !clientGone.IsCancellationRequested)
        {
            return new HeldStart(FirstEventVerdict.Failed, "upstream stream broke off before its first event: " + (ex.InnerException?.Message ?? ex.Message), held);
        }
        finally
        {
            timer.Cancel();
        }
    }

    /// <summary>Whether <paramref name="read"/> finished before the hold's time bound; keepalives go out while it waits.</summary>
    private static async Task<bool> ReadInTimeAsync(Task<int> read, Task timeout, HoldKeepalive? keepalive, HttpResponseMessage response, Translation.IResponseTranslator? translator, CancellationToken clientGone)
    {
        if (keepalive is null || read.IsCompleted)
        {
            return await Task.WhenAny(read, timeout) != timeout;
        }

        while (true)
        {
            var due = keepalive.Due;
            if (due > TimeSpan.Zero)
            {
                var tick = Task.Delay(due, CancellationToken.None);
                var done = await Task.WhenAny(read, timeout, tick);
                if (done != tick)
                {
                    return done != timeout;
                }
            }

            await keepalive.SendAsync(response, translator, clientGone);
        }
    }
}

/// <summary>
/// The upstream's stream with the bytes the hold already read in front of it (and the read the hold was still
/// waiting for when its time bound ran out), so the relay streams them through its usual path.
/// </summary>
internal sealed class HeldStream(Stream inner, byte[] buffer) : ForwardReadStream
{
    private byte[]? _buffer = buffer;
    private int _start;
    private int _end;
    private Task<int>? _pending;

    /// <summary>Everything held so far.</summary>
    public ReadOnlySpan<byte> Held => _buffer.AsSpan(0, _end);

    public int HeldLength => _end;

    internal Task<int> StartRead(CancellationToken ct) => _pending = inner.ReadAsync(_buffer!.AsMemory(_end), ct).AsTask();

    internal int FinishRead()
    {
        var n = _pending!.GetAwaiter().GetResult();
        _pending = null;
        _end += n;
        return n;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        if (_start == _end && _pending is { } pending)
        {
            var n = await pending.WaitAsync(cancellationToken);
            _pending = null;
            _end += n;
            if (n == 0)
            {
                return 0;
            }
        }

        if (_start < _end)
        {
            var count = Math.Min(destination.Length, _end - _start);
            _buffer.AsSpan(_start, count).CopyTo(destination.Span);
            _start += count;
            return count;
        }

        return await inner.ReadAsync(destination, cancellationToken);
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
            // A read still pending writes into the buffer: then it is left to the GC instead of going back to the pool.
            if (_pending is null or { IsCompleted: true } && Interlocked.Exchange(ref _buffer, null) is { } array)
            {
                ArrayPool<byte>.Shared.Return(array);
            }
        }

        base.Dispose(disposing);
    }
}
