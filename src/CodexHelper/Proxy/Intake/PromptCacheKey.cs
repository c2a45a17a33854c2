using System.Buffers;
using System.Text.Json;

namespace CodexHelper.Proxy.Intake;

/// <summary>
/// A Responses body's top-level <c>prompt_cache_key</c> (Codex sets it to its session id), the session key of a turn
/// whose headers name none. Asked only then, so a Codex turn (it always sends <c>session-id</c>) costs nothing; otherwise
/// one vectorised search from the end (the key follows <c>input</c>, near the end of the body) and a reader over what
/// follows the match, never more than <see cref="MaxTail"/> bytes: the body itself is not walked.
/// </summary>
internal static class PromptCacheKey
{
    // Ids are uuids; anything longer is not an id we can key on (the same bound as the session headers).
    private const int MaxLength = 128;
    private const int MaxTail = 64 * 1024;
    private const int MaxCandidates = 4;

    public static string? Find(ReadOnlySpan<byte> body)
    {
        var end = body.Length;
        for (var i = 0; i < MaxCandidates; i++)
        {
            var at = body[..end].LastIndexOf("\"prompt_cache_key\""u8);
            if (at < 0 || body.Length - at > MaxTail)
            {
                return null;
            }

            if (TopLevelValue(body[at..]) is { } key)
            {
                return key;
            }

            end = at;
        }

        return null;
    }

    /// <summary>
    /// The string value of the property <paramref name="tail"/> opens, when the rest of the body then closes one object
    /// exactly: read as <c>{</c> + tail, a top-level property ends the document, while one nested deeper leaves closing
    /// brackets over (and a string that merely says "prompt_cache_key" is no property at all): both are refused.
    /// </summary>
    private static string? TopLevelValue(ReadOnlySpan<byte> tail)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(tail.Length + 1);
        try
        {
            buffer[0] = (byte)'{';
            tail.CopyTo(buffer.AsSpan(1));
            var reader = new Utf8JsonReader(buffer.AsSpan(0, tail.Length + 1));
            reader.Read();
            reader.Read();
            if (!reader.Read() || reader.TokenType != JsonTokenType.String || reader.ValueSpan.Length > MaxLength * 6)
            {
                return null;
            }

            var value = reader.GetString()!.Trim();
            while (reader.Read())
            {
                // Reading to the end is the check: what a nested key leaves over after the object closes throws.
            }

            return value.Length is > 0 and <= MaxLength ? value : null;
        }
        catch (JsonException)
        {
            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
