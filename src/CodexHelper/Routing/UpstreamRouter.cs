// TEMPORARY STUB: replaced by the routing-quota branch.
using CodexHelper.Configuration;

namespace CodexHelper.Routing;

public sealed class UpstreamRouter(RoutingOptions options, TimeProvider clock)
{
    private List<string> _urls = [];
    public string? ConfigName { get; private set; }
    public void Configure(string? configName, IReadOnlyList<string> upstreamBaseUrls, RoutingOptions newOptions)
    {
        _ = (options, clock, newOptions);
        ConfigName = configName;
        _urls = [.. upstreamBaseUrls];
    }
    public RoutePlan Plan() => new(Enumerable.Range(0, _urls.Count).ToArray());
    public void ReportSuccess(int index) { }
    public void ReportFailure(int index, int? statusCode, string error, TimeSpan? retryAfter) { }
    public void ReportNeutral(int index, int statusCode) { }
    public void ReportAbandoned(int index) { }
    public void SetExhausted(string baseUrl, bool exhausted) { }
    public IReadOnlyList<UpstreamStatus> Snapshot() => _urls.Select(u => new UpstreamStatus { BaseUrl = u }).ToArray();
}

public sealed record RoutePlan(IReadOnlyList<int> Candidates);

public static class FailureClassifier
{
    public static bool IsFailoverStatus(int status) => status is 429 or 500 or 502 or 503 or 504 or 408 or 401 or 403 or 402;
    public static TimeSpan? ParseRetryAfter(string? headerValue, DateTimeOffset now) { _ = (headerValue, now); return null; }
}
