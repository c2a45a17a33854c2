namespace CodexHelper.RequestLog;

/// <summary>
/// The <c>outcome</c> field of a log line: how the request ended, plainly, whatever its <c>status_code</c>
/// (a stream that broke mid-way keeps the 200 it started with).
/// </summary>
internal static class RequestOutcome
{
    /// <summary>The upstream's answer reached the client whole (a 1xx–3xx status).</summary>
    public const string Ok = "ok";

    /// <summary>Refused as the request's own fault: by the proxy (malformed framing or target 400, body too large 413), by the gateway (401 unknown token, 429 over budget) or by the upstream (a 4xx other than 401/402/403/408/429).</summary>
    public const string Rejected = "rejected";

    /// <summary>No upstream answered well: transport failures, timeouts, failover statuses (401/402/403/408/429/5xx), no usable config.</summary>
    public const string UpstreamError = "upstream_error";

    /// <summary>The client went away before the answer was complete.</summary>
    public const string ClientAborted = "client_aborted";

    /// <summary>The answer started reaching the client and the upstream broke off or went idle; the client's connection was cut.</summary>
    public const string StreamBroken = "stream_broken";

    /// <summary>Anything but <see cref="Ok"/> is an error: what <c>usage summary</c> and the status totals count.</summary>
    public static bool IsError(string outcome) => outcome != Ok;
}
