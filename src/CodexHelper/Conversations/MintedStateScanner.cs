using System.IO.Hashing;
using System.Text.Json;
using CodexHelper.Files;
using CodexHelper.Wire;

namespace CodexHelper.Conversations;

/// <summary>
/// Reads the state an upstream mints as its answer streams past, in the upstream's own protocol: Responses
/// <c>encrypted_content</c>, Anthropic thinking signatures (joined across <c>signature_delta</c> events) and redacted
/// thinking data. Only a data line that names one of them is parsed, with a reader, never into a DOM; every other
/// line costs two vectorised searches. A translated answer carries the same payloads to the client (a signature
/// becomes an <c>encrypted_content</c> and back), so one fingerprint serves both directions.
/// </summary>
internal sealed class MintedStateScanner
{
    private const int MaxBytes = 16 * 1024 * 1024;

    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 256 };

    private readonly bool _anthropic;
    private bool? _sse;
    private readonly PooledWindow _pending = new(MaxBytes);
    private readonly HashSet<ulong> _hashes = [];
    private bool _overflow;
    private XxHash3? _signature;
    private bool _signatureOpen;

    private MintedStateScanner(bool anthropic) => _anthropic = anthropic;

    /// <summary>A scanner for an answer of <paramref name="upstream"/>; null for Chat, which mints no state.</summary>
    public static MintedStateScanner? For(WireProtocol upstream) => upstream == WireProtocol.Chat ? null : new MintedStateScanner(upstream == WireProtocol.Anthropic);

    public void Feed(ReadOnlySpan<byte> chunk)
    {
        // A JSON answer opens with its object; anything else is taken for an event stream.
        _sse ??= chunk.TrimStart(" \t\r\n"u8) is { IsEmpty: false } head ? head[0] != (byte)'{' : null;
        if (_sse is null)
        {
            return;
        }

        if (_sse == false)
        {
            _overflow |= !_overflow && !_pending.TryAppend(chunk);
            return;
        }

        while (!chunk.IsEmpty)
        {
            var end = chunk.IndexOf((byte)'\n');
            if (end < 0)
            {
                Keep(chunk);
                return;
            }

            var line = chunk[..end];
            chunk = chunk[(end + 1)..];
            if (_pending.Length > 0 || _overflow)
            {
                Keep(line);
                if (!_overflow)
                {
                    Line(_pending.Span);
                }

                _pending.Clear();
                _overflow = false;
            }
            else
            {
                Line(line);
            }
        }
    }

    /// <summary>The fingerprints of everything the answer minted; call once, after the last chunk.</summary>
    public IReadOnlyCollection<ulong> Finish()
    {
        // As for an event: a whole answer that names no state payload is not walked (most answers carry none).
        if (_sse == false && !_overflow && NamesState(_pending.Span))
        {
            Walk(_pending.Span);
        }

        CloseSignature();
        _pending.Release();
        return _hashes;
    }

    private void Keep(ReadOnlySpan<byte> part) => _overflow |= !_overflow && !_pending.TryAppend(part);

    private void Line(ReadOnlySpan<byte> line)
    {
        if (!line.StartsWith("data:"u8))
        {
            return;
        }

        var data = line[5..];
        if (!_anthropic)
        {
            if (NamesState(data))
            {
                Walk(data);
            }

            return;
        }

        if (data.IndexOf("\"signature_delta\""u8) >= 0)
        {
            AppendSignature(data);
            return;
        }

        if (data.IndexOf("\"content_block"u8) >= 0 || data.IndexOf("\"message_"u8) >= 0)
        {
            CloseSignature();
        }

        if (NamesState(data))
        {
            Walk(data);
        }
    }

    /// <summary>Whether <paramref name="json"/> may hold a payload <see cref="Walk"/> fingerprints: two vectorised searches at most.</summary>
    private bool NamesState(ReadOnlySpan<byte> json) => _anthropic
        ? json.IndexOf("\"signature\""u8) >= 0 || json.IndexOf("\"redacted_thinking\""u8) >= 0
        : json.IndexOf("\"encrypted_content\""u8) >= 0;

    /// <summary>Every state payload in one JSON value, wherever it sits (an event, a whole answer).</summary>
    private void Walk(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, ReaderOptions);
        var redactedDepth = -1;
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.PropertyName)
                {
                    continue;
                }

                var depth = reader.CurrentDepth;
                var name = Name(ref reader);
                if (!reader.Read() || reader.TokenType != JsonTokenType.String)
                {
                    continue;
                }

                if (name == StateField.Type)
                {
                    // A sibling block at the same depth has a type of its own: its data is not redacted thinking.
                    redactedDepth = reader.ValueTextEquals("redacted_thinking"u8) ? depth : depth == redactedDepth ? -1 : redactedDepth;
                }
                else if ((name == StateField.Payload || (name == StateField.Data && depth == redactedDepth)) && !StateHash.IsEmpty(ref reader))
                {
                    _hashes.Add(StateHash.Of(ref reader));
                }
            }
        }
        catch (JsonException)
        {
            // A damaged or cut event mints nothing we could later recognise.
        }
    }

    private StateField Name(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals(_anthropic ? "signature"u8 : "encrypted_content"u8) ? StateField.Payload
        : _anthropic && reader.ValueTextEquals("type"u8) ? StateField.Type
        : _anthropic && reader.ValueTextEquals("data"u8) ? StateField.Data
        : StateField.Other;

    /// <summary>One piece of a streamed signature: the pieces of one block are fingerprinted as one string.</summary>
    private void AppendSignature(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, ReaderOptions);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("signature"u8) && reader.Read() && reader.TokenType == JsonTokenType.String)
                {
                    _signature ??= new XxHash3();
                    var piece = reader.ValueIsEscaped ? System.Text.Encoding.UTF8.GetBytes(reader.GetString()!) : reader.ValueSpan;
                    _signature.Append(piece);
                    _signatureOpen |= !piece.IsEmpty;
                    return;
                }
            }
        }
        catch (JsonException)
        {
            // As above.
        }
    }

    private void CloseSignature()
    {
        if (_signatureOpen)
        {
            _hashes.Add(_signature!.GetCurrentHashAsUInt64());
        }

        _signature?.Reset();
        _signatureOpen = false;
    }

    private enum StateField : byte
    {
        Other,
        Payload,
        Type,
        Data,
    }
}
