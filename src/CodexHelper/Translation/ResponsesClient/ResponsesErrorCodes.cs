namespace CodexHelper.Translation.ResponsesClient;

/// <summary>
/// The <c>error.code</c> a Responses client acts on (Codex: <c>context_length_exceeded</c> shows its context-window
/// error, <c>insufficient_quota</c> its quota error, <c>rate_limit_exceeded</c> backs off by the "try again in"
/// text; anything else is retried), decided from whatever the upstream said.
/// </summary>
internal static class ResponsesErrorCodes
{
    public const string ContextLengthExceeded = "context_length_exceeded";
    public const string InsufficientQuota = "insufficient_quota";
    public const string RateLimitExceeded = "rate_limit_exceeded";
    public const string ServerError = "server_error";

    private static readonly string[] ContextWords =
    [
        "context_length", "context length", "context window", "prompt is too long", "maximum context",
        "too many tokens", "input is too long", "exceeds the model's maximum",
    ];

    public static string Classify(int status, UpstreamError error)
    {
        // Mid-stream errors come without an HTTP status; some relays put one in the code.
        if (status == 0 && int.TryParse(error.Code, out var coded) && coded is >= 400 and < 600)
        {
            status = coded;
        }

        var all = $"{error.Code} {error.Type} {error.Message}";
        if (Has(all, ContextWords))
        {
            return ContextLengthExceeded;
        }

        if (Has(all, ["insufficient_quota", "billing", "credit balance", "quota exceeded", "exceeded your current quota"]) || status == 402)
        {
            return InsufficientQuota;
        }

        if (status == 429 || Has(all, ["rate_limit", "rate limit", "too many requests"]))
        {
            return RateLimitExceeded;
        }

        if (status >= 500 || Has(all, ["overloaded", "api_error"]))
        {
            return ServerError;
        }

        return error.Code ?? error.Type ?? (status >= 400 ? "invalid_request_error" : "upstream_error");
    }

    /// <summary>The OpenAI error <c>type</c> to show next to the code.</summary>
    public static string TypeOf(int status, UpstreamError error) =>
        error.Type ?? (status >= 500 || status == 0 ? "server_error" : status == 429 ? "rate_limit_error" : "invalid_request_error");

    private static bool Has(string text, string[] words)
    {
        foreach (var word in words)
        {
            if (text.Contains(word, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
