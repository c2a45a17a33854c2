using System.Globalization;
using CodexHelper.Configuration;
using CodexHelper.Files;
using CodexHelper.Proxy.Snapshot;
using CodexHelper.RequestLog;

namespace CodexHelper.Proxy.Reporting;

/// <summary>
/// The lines <c>serve</c> prints: where it listens, what it forwards to (keys masked), one line per request.
/// Lines go through a queue that one background task writes out in batches: a request never waits for the
/// terminal (a paused or slow one would otherwise stall the proxy), and a busy proxy makes a few write calls
/// a second instead of one per request.
/// </summary>
internal sealed class ConsoleReporter : IAsyncDisposable
{
    // Lines may show this much later than they happen; under load it turns thousands of writes into a few.
    private static readonly TimeSpan BatchInterval = TimeSpan.FromMilliseconds(50);
    private const int QueueCapacity = 10_000;

    private readonly TextWriter _output;
    private readonly BackgroundBatcher<string> _queue;
    private readonly System.Text.StringBuilder _batch = new();
    private int _dropped;
    private long _droppedTotal;

    /// <summary>Lines skipped since start (the metrics read it).</summary>
    public long DroppedLines => Interlocked.Read(ref _droppedTotal);

    public ConsoleReporter(TextWriter output)
    {
        _output = output;
        _queue = new BackgroundBatcher<string>(QueueCapacity, BatchInterval, line => _batch.Append(line).Append(_output.NewLine), WriteBatch, _ => { });
    }

    /// <summary>A full queue drops the line: it is counted and reported (the request log has every request anyway).</summary>
    public void Say(string line)
    {
        if (!_queue.TryAdd(line))
        {
            Interlocked.Increment(ref _dropped);
            Interlocked.Increment(ref _droppedTotal);
        }
    }

    /// <summary>
    /// Completes when every line queued before the call has been written and flushed. Behind a full queue it
    /// returns at once: a console that far behind is not going to catch up for it.
    /// </summary>
    public Task FlushAsync() => _queue.FlushIfRoomAsync();

    public void Started(ServiceKind kind, string listenUrl, ActiveConfig config)
    {
        Say($"codex-helper: {kind.Name()} proxy listening on {listenUrl}");
        if (config.Problem is not null)
        {
            Say($"  warning: {config.Problem}");
            return;
        }

        ActiveConfigChanged(config, "config");
    }

    public void ActiveConfigChanged(ActiveConfig config, string label = "config reloaded")
    {
        if (config.Problem is not null)
        {
            Say($"  {label}: {config.Problem}");
            return;
        }

        Say($"  {label}: {config.ConfigName} ({config.Upstreams.Count} upstream{(config.Upstreams.Count == 1 ? "" : "s")})");
        for (var i = 0; i < config.Upstreams.Count; i++)
        {
            var u = config.Upstreams[i];
            var auth = u.Auth.AuthTokenEnv is { } tokenEnv ? $"bearer ${tokenEnv}"
                : u.Auth.ApiKeyEnv is { } keyEnv ? $"x-api-key ${keyEnv}"
                : u.Auth.AuthToken is { Length: > 0 } t ? $"bearer {SecretMask.Mask(t)}"
                : u.Auth.ApiKey is { Length: > 0 } k ? $"x-api-key {SecretMask.Mask(k)}"
                : "client's own auth";
            Say($"    [{i}] {u.BaseUrl}  ({auth})");
        }
    }

    public void Request(RequestLogEntry entry)
    {
        var tokens = entry.Usage is { } u
            ? string.Create(CultureInfo.InvariantCulture, $"  tokens in {u.InputTokens}{(u.CachedInputTokens > 0 ? $" (cached {u.CachedInputTokens})" : "")} out {u.OutputTokens}")
            : "";
        var failover = entry.Attempts is { Count: > 1 } attempts
            ? "  failover: " + string.Join(" → ", attempts.Select(a => a.UpstreamBaseUrl))
            : "";
        var problem = entry.ClientAborted ? "  (client went away)" : entry.Error is { } e ? $"  error: {e}" : "";
        Say(string.Create(CultureInfo.InvariantCulture,
            $"{DateTimeOffset.FromUnixTimeMilliseconds(entry.TimestampMs).ToLocalTime():HH:mm:ss} {entry.Method} {entry.Path} {entry.StatusCode} ← {entry.UpstreamBaseUrl ?? "-"} {entry.DurationMs} ms{tokens}{failover}{problem}"));
    }

    public async ValueTask DisposeAsync()
    {
        // A terminal that stopped reading must not keep the proxy from exiting.
        await _queue.CompleteAsync().WaitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private void WriteBatch()
    {
        if (Interlocked.Exchange(ref _dropped, 0) is > 0 and var dropped)
        {
            _batch.Append(CultureInfo.InvariantCulture, $"codex-helper: the console is not keeping up; {dropped} line(s) not shown (the request log has them all)").Append(_output.NewLine);
        }

        try
        {
            // One string, one write: Console.Out flushes on every write call it gets.
            if (_batch.Length > 0)
            {
                _output.Write(_batch.ToString());
            }

            _output.Flush();
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // The terminal went away (closed pipe): the proxy keeps serving, and the request log still has every request.
        }
        finally
        {
            _batch.Clear();
        }
    }
}
