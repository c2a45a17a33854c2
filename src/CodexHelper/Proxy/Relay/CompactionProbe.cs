using System.Buffers;
using CodexHelper.Configuration;
using CodexHelper.Translation;

namespace CodexHelper.Proxy.Relay;

/// <summary>What <see cref="CompactionProbe"/> found: the answer to relay, or (null) that it held no compaction item.</summary>
internal readonly record struct ProbedCompaction(Stream? Answer, string? Broke);

/// <summary>
/// Reads a native compaction's answer (inside <c>/responses</c>) whole before the client sees a byte of it: a relay
/// that answers the compaction with an ordinary message (Codex: "expected exactly one compaction output item, got 0")
/// can then still be asked for the emulation. A compaction answer is small; past <see cref="MaxBytes"/> what was read
/// is relayed with the rest behind it. Keepalives go out meanwhile as during the hold.
/// </summary>
internal static class CompactionProbe
{
    public const int MaxBytes = 4 * 1024 * 1024;

    public static async Task<ProbedCompaction> ReadAsync(Stream held, RequestTimeouts timeouts, HoldKeepalive? keepalive, IResponseTranslator? translator, CancellationToken clientGone)
    {
        var watch = new CompactionWatch(held);
        var gathered = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            while (gathered.Length < MaxBytes)
            {
                using var idle = CancellationTokenSource.CreateLinkedTokenSource(clientGone);
                idle.CancelAfter(timeouts.Idle);
                var read = watch.ReadAsync(chunk, idle.Token).AsTask();
                var n = keepalive is null ? await read : await keepalive.WhileAsync(read, translator, clientGone);
                if (n == 0)
                {
                    gathered.Position = 0;
                    watch.Dispose();
                    return watch.SawItem ? new ProbedCompaction(gathered, null) : new ProbedCompaction(null, null);
                }

                gathered.Write(chunk, 0, n);
            }

            gathered.Position = 0;
            return new ProbedCompaction(new ThenStream(gathered, watch), null);
        }
        catch (Exception ex) when (!clientGone.IsCancellationRequested && ex is IOException or HttpRequestException or OperationCanceledException)
        {
            watch.Dispose();
            var why = ex is OperationCanceledException ? $"upstream sent nothing for {timeouts.IdleSecs:0.#} s (idle timeout)" : ex.InnerException?.Message ?? ex.Message;
            return new ProbedCompaction(null, "upstream stream broke off before the end of its compaction answer: " + why);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    /// <summary>What was read, then the rest of the upstream's stream.</summary>
    private sealed class ThenStream(MemoryStream first, Stream rest) : ForwardReadStream
    {
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var n = first.Read(buffer.Span);
            return n > 0 ? n : await rest.ReadAsync(buffer, cancellationToken);
        }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                rest.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
