using System.Text.Json.Serialization;

namespace CodexHelper.Quota;

/// <summary>One entry of usage_providers.json: where to read an upstream's balance and how to judge it.</summary>
internal sealed class UsageProvider
{
    [JsonPropertyName("id")] public string Id { get; set; } = "";
    [JsonPropertyName("kind")] public string Kind { get; set; } = "";
    [JsonPropertyName("domains")] public List<string>? Domains { get; set; } = [];

    /// <summary>Required for budget_http_json and yescode_profile; for openai_billing it replaces the upstream's base_url.</summary>
    [JsonPropertyName("endpoint")] public string? Endpoint { get; set; }

    /// <summary>Environment variable holding the token; when unset or empty, the upstream's own token is used.</summary>
    [JsonPropertyName("token_env")] public string? TokenEnv { get; set; }

    [JsonPropertyName("poll_interval_secs")] public double PollIntervalSecs { get; set; } = 60;

    /// <summary>The upstream's host equals one of <see cref="Domains"/> or is a subdomain of one.</summary>
    public bool Matches(string upstreamBaseUrl)
    {
        if (Domains is null || !Uri.TryCreate(upstreamBaseUrl, UriKind.Absolute, out var uri))
        {
            return false;
        }

        var host = uri.IdnHost.TrimEnd('.').ToLowerInvariant();
        foreach (var raw in Domains)
        {
            var domain = raw.Trim().TrimStart('.').TrimEnd('.').ToLowerInvariant();
            if (domain.Length > 0 && (host == domain || host.EndsWith("." + domain, StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>The provider kinds we know how to read.</summary>
internal static class UsageProviderKinds
{
    public const string BudgetHttpJson = "budget_http_json";
    public const string YescodeProfile = "yescode_profile";
    public const string OpenAiBilling = "openai_billing";

    public static readonly IReadOnlyList<string> All = [BudgetHttpJson, YescodeProfile, OpenAiBilling];
}
