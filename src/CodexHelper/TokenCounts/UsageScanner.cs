using System.Buffers;

namespace CodexHelper.TokenCounts;

/// <summary>
/// Extracts token usage from one upstream response while the proxy streams it to the client.
/// The proxy hands over every chunk in order and keeps no copy of the body; the scanner keeps only
/// the unfinished line / token / event it needs. One instance per response; not thread-safe.
/// Never throws on bad input: garbage simply yields no usage.
/// </summary>
/// <remarks>
/// Formats: OpenAI Responses, OpenAI Chat Completions and Anthropic Messages, each as SSE or as a
/// plain JSON body. See <see cref="ResponseUsageMerger"/> for how the counters are normalised and merged.
/// </remarks>
internal sealed class UsageScanner
{
    // Whitespace and the bytes of a UTF-8 byte order mark (EF BB BF) that may precede the first token.
    private static readonly SearchValues<byte> LeadingNoise = SearchValues.Create([(byte)' ', (byte)'\t', (byte)'\r', (byte)'\n', 0xEF, 0xBB, 0xBF]);

    private readonly ResponseUsageMerger _accumulator = new();
    private SseUsageScanner? _sse;
    private JsonBodyUsageScanner? _json;
    private Mode _mode;

    private UsageScanner(Mode mode)
    {
        _mode = mode;
        if (mode == Mode.Sse)
        {
            _sse = new SseUsageScanner(_accumulator);
        }
    }

    /// <param name="contentType">The response Content-Type (may be null). <c>text/event-stream</c> means SSE;
    /// anything else is decided from the first bytes: <c>{</c> is a JSON body, <c>data:</c>/<c>event:</c>/… is SSE.</param>
    public static UsageScanner Create(string? contentType) =>
        new(contentType is not null && contentType.Contains("text/event-stream", StringComparison.OrdinalIgnoreCase)
            ? Mode.Sse
            : Mode.Sniffing);

    public void Feed(ReadOnlySpan<byte> chunk)
    {
        if (_mode == Mode.Sniffing)
        {
            chunk = Sniff(chunk);
        }

        if (chunk.IsEmpty)
        {
            return;
        }

        switch (_mode)
        {
            case Mode.Sse:
                _sse!.Feed(chunk);
                break;
            case Mode.Json:
                _json!.Feed(chunk);
                break;
        }
    }

    /// <summary>Call once after the last chunk. Returns null when the response carried no usage.</summary>
    public TokenUsage? Finish()
    {
        switch (_mode)
        {
            case Mode.Sse:
                _sse!.Finish();
                break;
            case Mode.Json:
                _json!.Finish();
                break;
        }

        _mode = Mode.Finished;
        return _accumulator.ToTokenUsage();
    }

    /// <summary>Skips leading whitespace and a UTF-8 BOM, then decides the format from the first byte.</summary>
    private ReadOnlySpan<byte> Sniff(ReadOnlySpan<byte> chunk)
    {
        var start = chunk.IndexOfAnyExcept(LeadingNoise);
        if (start < 0)
        {
            return [];
        }

        switch (chunk[start])
        {
            case (byte)'{':
                _mode = Mode.Json;
                _json = new JsonBodyUsageScanner(_accumulator);
                break;
            case (byte)'d': // data:
            case (byte)'e': // event:
            case (byte)'i': // id:
            case (byte)'r': // retry:
            case (byte)':': // comment
                _mode = Mode.Sse;
                _sse = new SseUsageScanner(_accumulator);
                break;
            default:
                _mode = Mode.Off; // HTML error page, compressed or binary body: nothing to find
                return [];
        }

        return chunk[start..];
    }

    private enum Mode : byte
    {
        Sniffing,
        Sse,
        Json,
        Off,
        Finished,
    }
}
