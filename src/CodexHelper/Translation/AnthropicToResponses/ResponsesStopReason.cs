using CodexHelper.Translation.AnthropicClient;

namespace CodexHelper.Translation.AnthropicToResponses;

/// <summary>A finished Responses answer's stop reason for Claude Code (tool_use is forced by the output when a call was made).</summary>
internal static class ResponsesStopReason
{
    public static string Of(ReadOnlySpan<byte> incompleteReason) => incompleteReason switch
    {
        _ when incompleteReason.SequenceEqual("max_output_tokens"u8) => StopReasons.MaxTokens,
        _ when incompleteReason.SequenceEqual("content_filter"u8) => StopReasons.Refusal,
        _ => StopReasons.EndTurn,
    };
}
