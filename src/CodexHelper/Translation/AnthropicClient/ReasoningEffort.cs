using System.Text.Json;

namespace CodexHelper.Translation.AnthropicClient;

/// <summary>
/// Claude Code's <c>thinking</c> as an OpenAI reasoning effort. Of the two published tables (spec §C.5) this uses
/// CPA's thresholds folded onto the three levels every reasoning upstream accepts (minimal/xhigh are model-specific):
/// budget ≤ 1024 → low, ≤ 8192 → medium, more → high. <c>adaptive</c> takes <c>output_config.effort</c>
/// (<c>max</c>/<c>xhigh</c> → high), and without one Anthropic's own default, high. Disabled or absent → none sent.
/// </summary>
internal static class ReasoningEffort
{
    public static string? From(JsonElement root)
    {
        if (!root.TryGetProperty("thinking", out var thinking) || ClaudeRequest.String(thinking, "type") is not { } type)
        {
            return null;
        }

        return type switch
        {
            "enabled" => FromBudget(thinking.TryGetProperty("budget_tokens", out var budget) && budget.TryGetInt64(out var tokens) ? tokens : 0),
            "adaptive" => FromEffort(root.TryGetProperty("output_config", out var config) ? ClaudeRequest.String(config, "effort") : null),
            _ => null,
        };
    }

    public static string? FromBudget(long budget) => budget switch
    {
        <= 0 => null,
        <= 1024 => "low",
        <= 8192 => "medium",
        _ => "high",
    };

    private static string FromEffort(string? effort) => effort switch
    {
        "low" or "minimal" => "low",
        "medium" => "medium",
        _ => "high",
    };
}
