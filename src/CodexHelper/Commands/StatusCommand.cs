using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using CodexHelper.Diagnostics;
using CodexHelper.Routing;

namespace CodexHelper.Commands;

internal static class StatusCommand
{
    public static Command Create(CliContext ctx)
    {
        var json = new Option<bool>("--json", "-j") { Description = "Print the status as JSON (no keys)" };
        var command = new Command("status", "Is the proxy running, which upstreams are healthy, is the client switched on");
        command.Options.Add(json);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var report = await StatusService.GatherAsync(ctx.Paths, ctx.GetEnv, ct);
            if (r.GetValue(json))
            {
                ctx.Out.WriteLine(JsonSerializer.Serialize(report, DiagnosticsJsonContext.Default.StatusReport));
            }
            else
            {
                Render(ctx.Out, report, ctx.Width);
            }

            return 0;
        });
        return command;
    }

    private static void Render(TextWriter o, StatusReport report, int? width)
    {
        foreach (var s in report.Services)
        {
            RenderService(o, s);
            if (s.Upstreams.Count > 0)
            {
                RenderUpstreams(o, s.Upstreams, width);
            }

            if (s.Sessions is { } sessions)
            {
                RenderSessions(o, sessions, width);
            }
        }

        var log = report.Log;
        o.WriteLine(log.Files == 0
            ? $"log     none yet ({log.Path})"
            : $"log     {log.Path}: {log.SizeBytes / 1024.0 / 1024.0:0.0} MiB in {log.Files} file{(log.Files == 1 ? "" : "s")}, last request {log.LastRequest?.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "unknown"}");
    }

    /// <summary>The service's name and its proxy, client, gateway, capture and config lines.</summary>
    private static void RenderService(TextWriter o, ServiceStatusView s)
    {
        var proxy = s.Proxy switch
        {
            "running" => $"running on :{s.Port} (pid {s.Pid}, up {Uptime(s.UptimeS)}, {s.Totals?.Requests ?? 0} requests, {s.Totals?.Failures ?? 0} failed)",
            "port_in_use" => $"port {s.Port} held by another program ({s.ProxyDetail})",
            "not_used" => $"not used ({s.ProxyDetail})",
            _ => $"not running (port {s.Port})",
        };
        var client = s.Client.Problem is { } p ? $"cannot read {s.Client.File}: {p}"
            : s.Client.SwitchedOn ? $"switched on → {s.Client.BaseUrl}{(s.Client.RemoteUrl is null ? "" : " (remote gateway)")}{(s.Client.BackupExists ? "" : " (no backup!)")}"
            : $"switched off{(s.Client.BaseUrl is { } url ? $" → {url}" : "")}{(s.Client.BackupExists ? " (backup kept)" : "")}";
        o.WriteLine($"{s.Service}");
        o.WriteLine($"  proxy   {proxy}");
        o.WriteLine($"  client  {client}");
        if (s.Gateway is { } gateway)
        {
            o.WriteLine($"  gateway {gateway.Message}{(gateway.Status == DoctorCheck.Ok ? "" : $" [{gateway.Status}]")}");
        }

        if (s.Capture is { } capture)
        {
            o.WriteLine($"  capture on → {capture.Dir} ({capture.Written} written, {capture.Dropped} dropped, newest {capture.Keep} kept)");
        }

        o.WriteLine($"  config  {(s.ConfigProblem is { } cp ? cp : s.ActiveConfig ?? "(none)")}{(s.Source == "proxy" ? " (live)" : "")}");
    }

    /// <summary>The upstream table, then one line per upstream that serves only some models or maps them.</summary>
    private static void RenderUpstreams(TextWriter o, IReadOnlyList<StatusUpstreamView> upstreams, int? width)
    {
        var table = new TextTable("#", "upstream", "state", "fails", "requests", "last error");
        for (var i = 0; i < upstreams.Count; i++)
        {
            var u = upstreams[i];
            var state = u.State ?? (u.HasKey == false ? "no key" : "-");
            if (u.State == "cooling_down" && u.CooldownRemainingS is { } left)
            {
                state += $" ({left:0}s)";
            }

            if (u.Manual is { } manual)
            {
                state += $", {manual} by hand";
            }

            table.Add((i + 1).ToString(CultureInfo.InvariantCulture), u.BaseUrl, state,
                u.ConsecutiveFailures?.ToString(CultureInfo.InvariantCulture) ?? "-", u.Requests?.ToString(CultureInfo.InvariantCulture) ?? "-", u.LastError ?? "");
        }

        table.WriteTo(o, "    ", width);
        for (var i = 0; i < upstreams.Count; i++)
        {
            if (upstreams[i] is { Models: { Count: > 0 } } or { ModelMap: { Count: > 0 } } or { Translated: true })
            {
                var u = upstreams[i];
                var serves = u.Models is { Count: > 0 } ms ? $"serves only {string.Join(", ", ms)} (other models skip it)" : "";
                var map = u.ModelMap is { Count: > 0 } mm ? $"model_map {string.Join(", ", mm)}" : "";
                var protocol = u.Translated ? $"speaks {u.Protocol} (translated)" : "";
                o.WriteLine($"    {i + 1}: {string.Join("; ", new[] { protocol, serves, map }.Where(x => x.Length > 0))}");
            }
        }
    }

    /// <summary>How many sessions affinity holds, then the last few moves (the JSON has all the proxy keeps).</summary>
    private static void RenderSessions(TextWriter o, SessionsStatus sessions, int? width)
    {
        if (!sessions.Affinity)
        {
            o.WriteLine("  sessions affinity off (routing.session_affinity)");
            return;
        }

        var moved = sessions.Moves == 0 ? "none moved" : $"{sessions.Moves} moved to another upstream since the start";
        o.WriteLine($"  sessions {sessions.Pinned} pinned to the upstream of their last turn, {moved}");
        if (sessions.RecentMoves.Count == 0)
        {
            return;
        }

        var table = new TextTable("moved", "session", "from", "to", "why");
        foreach (var m in sessions.RecentMoves.Take(ShownMoves))
        {
            table.Add(m.At.ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture), m.Session, m.From, m.To, m.Reason);
        }

        table.WriteTo(o, "    ", width);
    }

    private const int ShownMoves = 5;

    private static string Uptime(double? seconds)
    {
        var t = TimeSpan.FromSeconds(seconds ?? 0);
        return t.TotalHours >= 1 ? $"{(int)t.TotalHours}h{t.Minutes:00}m" : t.TotalMinutes >= 1 ? $"{t.Minutes}m{t.Seconds:00}s" : $"{t.Seconds}s";
    }
}
