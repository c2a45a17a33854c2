using System.Buffers;
using System.Security.Cryptography;

namespace CodexHelper.Translation.AnthropicClient;

/// <summary>Ids in the forms Claude Code expects: <c>msg_…</c> per answer, <c>toolu_…</c>-safe tool-use ids.</summary>
internal static class AnthropicIds
{
    private static readonly SearchValues<char> Allowed =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-");

    public static string NewMessageId() => "msg_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    /// <summary>
    /// The upstream's call id kept as the tool_use id (so the next request's tool_result links back with no table),
    /// with characters Anthropic rejects (it wants <c>[A-Za-z0-9_-]+</c>) replaced; null when the upstream gave none.
    /// </summary>
    public static string? ToolUseId(ReadOnlySpan<char> upstreamId)
    {
        if (upstreamId.IsEmpty)
        {
            return null;
        }

        if (upstreamId.IndexOfAnyExcept(Allowed) < 0)
        {
            return upstreamId.ToString();
        }

        var chars = upstreamId.ToArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (!Allowed.Contains(chars[i]))
            {
                chars[i] = '_';
            }
        }

        return new string(chars);
    }

    /// <summary>A tool_use id for a call the upstream named no id for: stable within the answer.</summary>
    public static string MintedToolUseId(string messageId, int blockIndex) =>
        "toolu_" + (messageId.StartsWith("msg_", StringComparison.Ordinal) ? messageId[4..] : messageId) + "_" + blockIndex;
}
