using System.Text;
using System.Text.Json;
using CodexHelper.Translation.ResponsesToAnthropic;

namespace CodexHelper.Conversations;

/// <summary>
/// Takes out of a Responses request's <c>input</c> every item whose <c>encrypted_content</c> the filter removes (reasoning,
/// compaction). The whole item goes: with <c>store:false</c> a reasoning item without its payload names an id the
/// upstream never stored, which it refuses as well, so its summary cannot stay behind on its own.
/// </summary>
internal static class ResponsesStateCleaner
{
    // A redacted thinking block travels to Codex as an encrypted_content behind this marker; its fingerprint is the data's.
    private static readonly byte[] RedactedMarker = Encoding.UTF8.GetBytes(AnthropicMessageBuilder.RedactedMarker);

    public static CleanedBody Clean(ReadOnlyMemory<byte> body, StateFilter filter)
    {
        var reader = new Utf8JsonReader(body.Span);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return CleanedBody.Untouched(body);
        }

        var edits = new BodyEdits();
        var removed = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isInput = reader.ValueTextEquals("input"u8);
            reader.Read();
            if (isInput && reader.TokenType == JsonTokenType.StartArray)
            {
                removed += CleanInput(ref reader, body.Span, filter, edits);
            }
            else
            {
                reader.Skip();
            }
        }

        return removed == 0 ? CleanedBody.Untouched(body) : new CleanedBody(edits.Apply(body.Span), removed, false);
    }

    private static int CleanInput(ref Utf8JsonReader reader, ReadOnlySpan<byte> body, StateFilter filter, BodyEdits edits)
    {
        var arrayStart = (int)reader.TokenStartIndex;
        var kept = new List<(int, int)>();
        var removed = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var start = (int)reader.TokenStartIndex;
            var hash = reader.TokenType == JsonTokenType.StartObject ? PayloadOf(ref reader) : Skip(ref reader);
            if (hash is { } h && filter.Removes(h))
            {
                removed++;
            }
            else
            {
                kept.Add((start, (int)reader.BytesConsumed));
            }
        }

        if (removed > 0)
        {
            edits.KeepOnly(body, arrayStart, (int)reader.BytesConsumed, kept);
        }

        return removed;
    }

    /// <summary>Reads one input item; the fingerprint of its non-empty <c>encrypted_content</c>, if it has one.</summary>
    private static ulong? PayloadOf(ref Utf8JsonReader reader)
    {
        ulong? hash = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isPayload = reader.ValueTextEquals("encrypted_content"u8);
            reader.Read();
            if (isPayload && reader.TokenType == JsonTokenType.String && !StateHash.IsEmpty(ref reader))
            {
                hash = StateHash.Of(ref reader, RedactedMarker);
            }
            else
            {
                reader.Skip();
            }
        }

        return hash;
    }

    private static ulong? Skip(ref Utf8JsonReader reader)
    {
        reader.Skip();
        return null;
    }
}
