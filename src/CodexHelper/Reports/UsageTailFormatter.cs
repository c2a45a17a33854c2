using System.Globalization;
using CodexHelper.Pricing;
using System.Text;
using System.Text.Json;
using CodexHelper.RequestLog;

namespace CodexHelper.Reports;

/// <summary>One request-log line as a person reads it: local time, service, status, method and path, upstream host, model, tokens, duration, failover chain.</summary>
internal static class UsageTailFormatter
{
    /// <summary>The readable line, or null when <paramref name="rawLine"/> is not a log entry.</summary>
    public static string? FormatRaw(string rawLine, TimeZoneInfo zone)
    {
        RequestLogEntry? entry;
        try
        {
            entry = JsonSerializer.Deserialize(rawLine, RequestLogJsonContext.Default.RequestLogEntry);
        }
        catch (JsonException)
        {
            return null;
        }

        return entry is null ? null : Format(entry, zone);
    }

    public static string Format(RequestLogEntry e, TimeZoneInfo zone)
    {
        var time = TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeMilliseconds(e.TimestampMs), zone);
        var sb = new StringBuilder(128);
        sb.Append(time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture))
          .Append("  ").Append(e.Service.PadRight(6))
          .Append(' ').Append(e.StatusCode.ToString(CultureInfo.InvariantCulture).PadLeft(3))
          .Append(' ').Append(e.Method).Append(' ').Append(e.Path)
          .Append("  ").Append(HostOf(e.UpstreamBaseUrl))
          .Append("  ").Append(string.IsNullOrEmpty(e.Model) ? "-" : e.Model);
        if (e.Usage is { } u)
        {
            sb.Append("  in ").Append(u.InputTokens.ToString(CultureInfo.InvariantCulture));
            if (u.CachedInputTokens > 0)
            {
                sb.Append(" (cached ").Append(u.CachedInputTokens.ToString(CultureInfo.InvariantCulture)).Append(')');
            }

            sb.Append(" out ").Append(u.OutputTokens.ToString(CultureInfo.InvariantCulture));
            sb.Append("  ").Append(e.CostUsd is { } cost ? Money.Format(cost) : "$? (no price)");
        }
        else
        {
            sb.Append("  no usage");
        }

        sb.Append("  ").Append(e.DurationMs.ToString(CultureInfo.InvariantCulture)).Append(" ms");
        if (e.ClientAborted)
        {
            sb.Append("  client aborted");
        }

        if (e.Attempts is { Count: > 1 } attempts)
        {
            sb.Append("  failover: ").AppendJoin(" → ", attempts.Select(a => $"{HostOf(a.UpstreamBaseUrl)} {(a.StatusCode is int code and > 0 ? code.ToString(CultureInfo.InvariantCulture) : "✗")}"));
        }

        if (e.Error is { Length: > 0 } error)
        {
            sb.Append("  error: ").Append(error);
        }

        return sb.ToString();
    }

    /// <summary>The host (and port) is what tells relays apart; the rest of the URL only widens the line.</summary>
    private static string HostOf(string? url) =>
        string.IsNullOrEmpty(url) ? "-" : Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Authority : url;
}
