using System.Text.Json;
using CodexHelper.Files;
using CodexHelper.Wire;

namespace CodexHelper.TokenCounts;

/// <summary>
/// Splits an SSE stream into lines (<see cref="SseLines"/>) and events as the chunks arrive and parses only the events whose
/// data mentions <c>"usage"</c>. The hot path (thousands of small delta events) touches each byte with
/// two vectorised searches — line ends, then the "usage" needle on data lines — and copies nothing
/// when an event's data line and its terminating blank line sit in the same chunk.
/// </summary>
/// <remarks>
/// The <c>"usage"</c> needle (with both quotes) cannot match inside JSON string content, where quotes are
/// escaped, so ordinary text that talks about usage never causes a parse. It is only a prefilter: the
/// parser still accepts usage only at the protocol's own paths.
/// </remarks>
internal sealed class SseUsageScanner
{
    // A single line or event bigger than this (a giant response.completed echoing its whole output)
    // is dropped rather than buffered without limit.
    internal const int MaxLineBytes = 16 * 1024 * 1024;

    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 256 };

    private readonly UsageJsonWalker _walker;
    private readonly PooledWindow _line = new(MaxLineBytes);
    private readonly PooledWindow _data = new(MaxLineBytes);

    private bool _lastChunkEndedWithCr;
    private bool _skippingLongLine;

    // The current event: its data lines, either still in the current chunk (deferred) or copied to _data.
    private bool _eventHasData;
    private bool _eventMentionsUsage;
    private bool _eventBroken;
    private int _deferredStart = -1;
    private int _deferredLength;

    public SseUsageScanner(ResponseUsageMerger accumulator) => _walker = new UsageJsonWalker(accumulator);

    public void Feed(ReadOnlySpan<byte> chunk)
    {
        var pos = 0;
        if (_lastChunkEndedWithCr && !chunk.IsEmpty)
        {
            // "\r" ended the previous chunk; a "\n" here belongs to the same line end, not a blank line.
            _lastChunkEndedWithCr = false;
            if (chunk[0] == (byte)'\n')
            {
                pos = 1;
            }
        }

        var rest = chunk[pos..];
        while (!rest.IsEmpty)
        {
            var at = chunk.Length - rest.Length;
            var line = SseLines.NextLine(ref rest, out var terminated);
            if (!terminated)
            {
                AppendPartialLine(line);
                break;
            }

            // A CR that ends the chunk may be the first half of a CRLF split across chunks.
            _lastChunkEndedWithCr = rest.IsEmpty && chunk[^1] == (byte)'\r';
            if (_line.Length > 0 || _skippingLongLine)
            {
                AppendPartialLine(line);
                if (!_skippingLongLine)
                {
                    ProcessLine(_line.Span, chunk, inChunkAt: -1);
                }

                _line.Clear();
                _skippingLongLine = false;
            }
            else
            {
                ProcessLine(line, chunk, inChunkAt: at);
            }
        }

        // Deferred data points into this chunk, which the caller may reuse after we return.
        MaterializeDeferred(chunk);
    }

    public void Finish()
    {
        // Be lenient with a stream cut off without its final blank line (or even its final line end).
        if (_line.Length > 0 && !_skippingLongLine)
        {
            ProcessLine(_line.Span, [], inChunkAt: -1);
        }

        DispatchEvent([]);
        _line.Release();
        _data.Release();
    }

    private void AppendPartialLine(ReadOnlySpan<byte> part)
    {
        if (_skippingLongLine)
        {
            return;
        }

        if (!_line.TryAppend(part))
        {
            // A dropped data line leaves this event's data incomplete; never parse half of it.
            _eventBroken |= _line.Span.StartsWith("data"u8) || (_line.Length == 0 && part.StartsWith("data"u8));
            _skippingLongLine = true;
            _line.Clear();
        }
    }

    private void ProcessLine(ReadOnlySpan<byte> line, ReadOnlySpan<byte> chunk, int inChunkAt)
    {
        if (line.IsEmpty)
        {
            DispatchEvent(chunk);
            return;
        }

        // Only "data" matters; "event", "id", "retry", comments (":") and unknown fields are skipped.
        if (line.Length < 4 || line[0] != (byte)'d' || !line.StartsWith("data"u8))
        {
            return;
        }

        var valueAt = 4;
        if (line.Length > 4)
        {
            if (line[4] != (byte)':')
            {
                return; // a field such as "datafoo"
            }

            valueAt = line.Length > 5 && line[5] == (byte)' ' ? 6 : 5;
        }

        AddData(line[valueAt..], chunk, inChunkAt < 0 ? -1 : inChunkAt + valueAt);
    }

    private void AddData(ReadOnlySpan<byte> value, ReadOnlySpan<byte> chunk, int inChunkAt)
    {
        if (!_eventMentionsUsage && value.IndexOf("\"usage\""u8) >= 0)
        {
            _eventMentionsUsage = true;
        }

        if (!_eventHasData && inChunkAt >= 0)
        {
            _eventHasData = true;
            _deferredStart = inChunkAt;
            _deferredLength = value.Length;
            return;
        }

        MaterializeDeferred(chunk);
        if (_eventHasData)
        {
            AppendData((byte)'\n');
        }

        _eventHasData = true;
        AppendData(value);
    }

    private void MaterializeDeferred(ReadOnlySpan<byte> chunk)
    {
        if (_deferredStart < 0)
        {
            return;
        }

        AppendData(chunk.Slice(_deferredStart, _deferredLength));
        _deferredStart = -1;
    }

    private void AppendData(ReadOnlySpan<byte> bytes)
    {
        if (!_eventBroken && !_data.TryAppend(bytes))
        {
            _eventBroken = true;
            _data.Clear();
        }
    }

    private void AppendData(byte value) => AppendData([value]);

    private void DispatchEvent(ReadOnlySpan<byte> chunk)
    {
        if (_eventHasData && _eventMentionsUsage && !_eventBroken)
        {
            var payload = _deferredStart >= 0 ? chunk.Slice(_deferredStart, _deferredLength) : _data.Span;
            Parse(payload);
        }

        _eventHasData = false;
        _eventMentionsUsage = false;
        _eventBroken = false;
        _deferredStart = -1;
        _data.Clear();
    }

    private void Parse(ReadOnlySpan<byte> payload)
    {
        _walker.Reset();
        var reader = new Utf8JsonReader(payload, isFinalBlock: true, new JsonReaderState(ReaderOptions));
        try
        {
            while (reader.Read())
            {
                _walker.OnToken(ref reader);
            }
        }
        catch (JsonException)
        {
            // A malformed event is skipped; usage objects completed before the error still count.
        }
        catch (InvalidOperationException)
        {
            // Invalid UTF-8 inside a string value; same as malformed.
        }
    }
}
