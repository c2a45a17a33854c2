using System.Globalization;
using CodexHelper.Configuration;
using CodexHelper.RequestLog;

namespace CodexHelper.Proxy;

/// <summary>The lines <c>serve</c> prints: where it listens, what it forwards to (keys masked), one line per request.</summary>
public sealed class ConsoleReporter(TextWriter output)
{
    private readonly Lock _lock = new();

    public void Say(string line)
    {
        lock (_lock)
        {
            output.WriteLine(line);
            output.Flush();
        }
    }

    public void Started(ServiceKind kind, string listenUrl, ActiveConfig config)
    {
        Say($"codex-helper: {kind.Name()} proxy listening on {listenUrl}");
        if (config.Problem is not null)
        {
            Say($"  warning: {config.Problem}");
            return;
        }

        ActiveConfigChanged(config, "config");
    }

    public void ActiveConfigChanged(ActiveConfig config, string label = "config reloaded")
    {
        if (config.Problem is not null)
        {
            Say($"  {label}: {config.Problem}");
            return;
        }

        Say($"  {label}: {config.ConfigName} ({config.Upstreams.Count} upstream{(config.Upstreams.Count == 1 ? "" : "s")})");
        for (var i = 0; i < config.Upstreams.Count; i++)
        {
            var u = config.Upstreams[i];
            var auth = u.Auth.AuthTokenEnv is { } tokenEnv ? $"bearer ${tokenEnv}"
                : u.Auth.ApiKeyEnv is { } keyEnv ? $"x-api-key ${keyEnv}"
                : u.Auth.AuthToken is { Length: > 0 } t ? $"bearer {SecretMask.Mask(t)}"
                : u.Auth.ApiKey is { Length: > 0 } k ? $"x-api-key {SecretMask.Mask(k)}"
                : "client's own auth";
            Say($"    [{i}] {u.BaseUrl}  ({auth})");
        }
    }

    public void Request(RequestLogEntry entry)
    {
        var tokens = entry.Usage is { } u
            ? string.Create(CultureInfo.InvariantCulture, $"  tokens in {u.InputTokens}{(u.CachedInputTokens > 0 ? $" (cached {u.CachedInputTokens})" : "")} out {u.OutputTokens}")
            : "";
        var failover = entry.Attempts is { Count: > 1 } attempts
            ? "  failover: " + string.Join(" → ", attempts.Select(a => a.UpstreamBaseUrl))
            : "";
        var problem = entry.ClientAborted ? "  (client went away)" : entry.Error is { } e ? $"  error: {e}" : "";
        Say(string.Create(CultureInfo.InvariantCulture,
            $"{DateTimeOffset.FromUnixTimeMilliseconds(entry.TimestampMs).ToLocalTime():HH:mm:ss} {entry.Method} {entry.Path} {entry.StatusCode} ← {entry.UpstreamBaseUrl ?? "-"} {entry.DurationMs} ms{tokens}{failover}{problem}"));
    }
}
