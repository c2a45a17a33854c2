using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using CodexHelper.Configuration;
using CodexHelper.Proxy.Reporting;
using CodexHelper.Wire;

namespace CodexHelper.Proxy.Relay;

/// <summary>
/// Keeps a client's event stream from looking idle while the upstream is silent (reasoning can go quiet for a
/// minute; nginx, load balancers and some clients cut connections idle for 30–120 s): at most every
/// <c>routing.keepalive_secs</c> of silence toward the client it writes an SSE comment, or for an Anthropic client
/// whose stream already began with <c>message_start</c> a <c>ping</c> event. Only a read still pending is raced against
/// a timer (its task and the race are the only allocations); one timer serves all reads of a silent stretch. The
/// upstream's idle timeout is the read's own and ignores what is sent here.
/// </summary>
internal sealed class ClientKeepalive(TimeSpan interval, bool anthropicClient, RequestRecord record)
{
    private static ReadOnlySpan<byte> Comment => ": keepalive\n\n"u8;

    private static ReadOnlySpan<byte> Ping => "event: ping\ndata: {\"type\":\"ping\"}\n\n"u8;

    private long _lastWrite = Stopwatch.GetTimestamp();
    private Task? _tick;

    /// <summary>None when <c>keepalive_secs</c> is 0.</summary>
    public static ClientKeepalive? For(RequestTimeouts timeouts, RequestRecord record) =>
        timeouts.Keepalive is { } every ? new(every, record.Wire.Protocol == WireProtocol.Anthropic, record) : null;

    /// <summary>The client just got bytes: the silence counts from now.</summary>
    public void Wrote() => _lastWrite = Stopwatch.GetTimestamp();

    /// <summary>
    /// The pending <paramref name="read"/>'s result; while it waits, keepalives go out. <paramref name="betweenEvents"/>:
    /// the client's stream stands between two events (a comment inside one would corrupt it).
    /// <paramref name="begun"/>: the client already has its protocol's first event (an Anthropic <c>ping</c> may not precede <c>message_start</c>).
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<int> ReadAsync(ValueTask<int> read, PipeWriter writer, bool betweenEvents, bool begun, CancellationToken clientGone)
    {
        if (read.IsCompleted || !betweenEvents)
        {
            return await read;
        }

        var pending = read.AsTask();
        while (true)
        {
            var due = interval - Stopwatch.GetElapsedTime(_lastWrite);
            if (due <= TimeSpan.Zero)
            {
                if (!await SendAsync(writer, begun, clientGone))
                {
                    return await pending;
                }

                continue;
            }

            // A tick made for an earlier silence fires no later than this one is due: then a fresh one covers the rest.
            if (_tick is null || _tick.IsCompleted)
            {
                _tick = Task.Delay(due, CancellationToken.None);
            }

            if (await Task.WhenAny(pending, _tick) == pending)
            {
                return await pending;
            }
        }
    }

    /// <summary>One keepalive, flushed; false when the client's side is closed (the relay then learns it from its own flush).</summary>
    public async ValueTask<bool> SendAsync(PipeWriter writer, bool begun, CancellationToken clientGone)
    {
        Write(writer, begun && anthropicClient);
        Wrote();
        record.Keepalives++;
        var flush = await writer.FlushAsync(clientGone);
        return !flush.IsCanceled && !flush.IsCompleted;
    }

    private static void Write(PipeWriter writer, bool ping) => writer.Write(ping ? Ping : Comment);
}
