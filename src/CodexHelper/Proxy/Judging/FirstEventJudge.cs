using System.Text.Json;
using CodexHelper.Wire;

namespace CodexHelper.Proxy.Judging;

internal enum FirstEventVerdict
{
    /// <summary>Only preamble so far (or an incomplete event): keep holding.</summary>
    NeedMore,

    /// <summary>A content event arrived: the answer is real, stream it.</summary>
    Commit,

    /// <summary>The stream's first meaningful event is an error, or it ended before any content: try elsewhere.</summary>
    Failed,
}

/// <summary>
/// Decides, from the first events of an upstream's SSE stream, whether the answer is real before the client
/// sees a byte of it. Relays fail inside a 200: an empty stream, or a first event that is <c>response.failed</c>,
/// an Anthropic <c>error</c>, or a JSON error object. Preamble events that every stream starts with
/// (<c>response.created</c>, <c>response.in_progress</c>, <c>message_start</c>, <c>ping</c>, comments) decide
/// nothing. Lines may end with LF, CRLF or CR (<see cref="SseLines"/>). Pure: bytes in, verdict out.
/// </summary>
internal static class FirstEventJudge
{
    /// <param name="held">Every byte of the stream so far.</param>
    /// <param name="ended">The upstream finished the stream after these bytes.</param>
    /// <param name="scanned">Where the next unjudged event starts; advanced past preamble events.</param>
    public static FirstEventVerdict Judge(ReadOnlySpan<byte> held, bool ended, ref int scanned, out string? reason)
    {
        reason = null;
        while (true)
        {
            var rest = held[scanned..];
            var end = SseLines.EventEnd(rest, out var consumed);
            if (end < 0)
            {
                if (!ended)
                {
                    return FirstEventVerdict.NeedMore;
                }

                // The last event may lack its blank line; judge what there is.
                if (!rest.Trim("\r\n "u8).IsEmpty)
                {
                    var last = Classify(rest, out reason);
                    if (last != Kind.Preamble)
                    {
                        return last == Kind.Error ? FirstEventVerdict.Failed : FirstEventVerdict.Commit;
                    }
                }

                reason = held.IsEmpty ? "upstream answered 200 with an empty stream" : "upstream stream ended before any content";
                return FirstEventVerdict.Failed;
            }

            var kind = Classify(rest[..end], out reason);
            scanned += consumed;
            switch (kind)
            {
                case Kind.Error:
                    return FirstEventVerdict.Failed;
                case Kind.Done:
                    reason = "upstream stream ended before any content";
                    return FirstEventVerdict.Failed;
                case Kind.Content:
                    return FirstEventVerdict.Commit;
            }
        }
    }

    private enum Kind
    {
        Preamble,
        Content,
        Error,
        Done,
    }

    private static Kind Classify(ReadOnlySpan<byte> evt, out string? reason)
    {
        reason = null;
        ReadOnlySpan<byte> name = default;
        ReadOnlySpan<byte> data = default;
        var dataLines = 0;
        while (!evt.IsEmpty)
        {
            var line = SseLines.NextLine(ref evt, out _);
            if (line.StartsWith("event:"u8))
            {
                name = line[6..].Trim((byte)' ');
            }
            else if (line.StartsWith("data:"u8))
            {
                // Multi-line data is rare in these APIs; the first line carries the JSON object.
                if (dataLines++ == 0)
                {
                    data = line[5..].TrimStart((byte)' ');
                }
            }
        }

        if (data.SequenceEqual(WireEvents.ChatDone))
        {
            return Kind.Done;
        }

        var named = WireEvents.RoleOf(name);
        if (named == EventRole.Error)
        {
            reason = "upstream sent an error event first: " + Describe(name, data);
            return Kind.Error;
        }

        if (data.IsEmpty)
        {
            // A comment or a bare event name: keep-alives.
            return Kind.Preamble;
        }

        var type = WireEvents.RoleOf(TopLevel(data, out var hasError));
        if (hasError || type == EventRole.Error)
        {
            reason = "upstream sent an error event first: " + Describe(name, data);
            return Kind.Error;
        }

        if (named == EventRole.Preamble || type == EventRole.Preamble)
        {
            return Kind.Preamble;
        }

        return Kind.Content;
    }

    /// <summary>The top-level <c>type</c> of a JSON event, and whether it has a non-null top-level <c>error</c>.</summary>
    private static string? TopLevel(ReadOnlySpan<byte> json, out bool hasError)
    {
        hasError = false;
        string? type = null;
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isType = reader.ValueTextEquals("type"u8);
                var isError = reader.ValueTextEquals("error"u8);
                if (!reader.Read())
                {
                    break;
                }

                if (isType && reader.TokenType == JsonTokenType.String)
                {
                    type = reader.GetString();
                }
                else if (isError && reader.TokenType != JsonTokenType.Null)
                {
                    hasError = true;
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
            // An incomplete or odd JSON line is content as far as the commit point is concerned.
        }

        return type;
    }

    private static string Describe(ReadOnlySpan<byte> name, ReadOnlySpan<byte> data)
    {
        var what = name.IsEmpty ? "error" : System.Text.Encoding.UTF8.GetString(name);
        var message = ErrorMessage(data);
        return message is null ? what : $"{what} ({message})";
    }

    /// <summary><c>error.message</c>, or <c>response.error.message</c> as <c>response.failed</c> carries it.</summary>
    private static string? ErrorMessage(ReadOnlySpan<byte> data)
    {
        if (FailureSummary.UpstreamMessage(data) is { } direct)
        {
            return direct;
        }

        try
        {
            var reader = new Utf8JsonReader(data);
            using var doc = JsonDocument.ParseValue(ref reader);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("response", out var response) && response.ValueKind == JsonValueKind.Object
                ? FailureSummary.UpstreamMessage(System.Text.Encoding.UTF8.GetBytes(response.GetRawText()))
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
