using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace CodexHelper.Dashboard;

/// <summary>Draws one frame of <c>top</c> from a <see cref="TopModel"/>: upstream health, today's totals, the last requests.</summary>
internal static class TopView
{
    /// <param name="live">False for the one snapshot printed without a terminal: its last line says so instead of "q quit".</param>
    public static IRenderable Render(TopModel model, DateTimeOffset now, int width, int height, bool live = true)
    {
        var rows = new List<IRenderable> { Header(model, now) };
        var upstreams = Upstreams(model, now);
        rows.Add(upstreams);
        rows.Add(Today(model));
        var used = 4 + 4 + Math.Max(1, model.State?.Upstreams.Count ?? 1) + 2;
        rows.Add(Requests(model, Math.Max(3, height - used - 5), width));
        rows.Add(new Markup(live
            ? "[grey]q quit · updates live from the proxy's dashboard events[/]"
            : "[grey]one snapshot: stdin or stdout is not a terminal (run `codex-helper top` in a terminal for the live view)[/]"));
        return new Rows(rows);
    }

    private static Markup Header(TopModel model, DateTimeOffset now)
    {
        var s = model.State;
        var text = s is null
            ? $"[bold]codex-helper top[/] · {model.Service} · [yellow]waiting for the proxy…[/]"
            : $"[bold]codex-helper top[/] · [bold]{s.Service}[/] on :{s.Port} · config [bold]{Markup.Escape(s.ActiveConfig ?? "(none)")}[/] · "
              + $"{s.Requests:N0} requests, {s.Failures:N0} failed, {s.Failovers:N0} failovers · {now.ToLocalTime():HH:mm:ss}";
        if (model.Dropped > 0)
        {
            text += $" · [yellow]{model.Dropped:N0} updates skipped[/]";
        }

        return new Markup(text);
    }

    private static Table Upstreams(TopModel model, DateTimeOffset now)
    {
        var table = new Table().Border(TableBorder.Rounded).BorderColor(Color.Grey).Title("[bold]upstreams[/]");
        table.AddColumn("#");
        table.AddColumn("upstream");
        table.AddColumn("state");
        table.AddColumn(new TableColumn("fails").RightAligned());
        table.AddColumn(new TableColumn("requests").RightAligned());
        table.AddColumn("last error");
        var upstreams = model.State?.Upstreams ?? [];
        for (var i = 0; i < upstreams.Count; i++)
        {
            var u = upstreams[i];
            table.AddRow(
                (i + 1).ToString(CultureInfo.InvariantCulture),
                Markup.Escape(u.Id ?? u.BaseUrl),
                State(u.Manual == "disabled" ? "disabled" : u.State, u.CooldownRemainingS - (now - model.StateAt).TotalSeconds),
                u.ConsecutiveFailures.ToString(CultureInfo.InvariantCulture),
                u.Requests.ToString("N0", CultureInfo.InvariantCulture),
                $"[red]{Markup.Escape(Cut(u.LastError ?? "", 60))}[/]");
        }

        if (upstreams.Count == 0)
        {
            table.AddRow("", "[grey](none)[/]", "", "", "", "");
        }

        return table;
    }

    internal static string State(string state, double cooldownLeft) => state switch
    {
        "ok" => "[green]ok[/]",
        "cooling_down" => $"[yellow]cooling down {Math.Max(0, Math.Ceiling(cooldownLeft)):0}s[/]",
        "half_open" => "[blue]half-open[/]",
        "exhausted" => "[red]exhausted[/]",
        "disabled" => "[grey]taken out[/]",
        _ => Markup.Escape(state),
    };

    private static Markup Today(TopModel model)
    {
        if (model.Today?.Total is not { } t)
        {
            return new Markup("[grey]today: reading the log…[/]");
        }

        var cost = t.CostUsd is { } c ? $" · [bold]${c:0.00}[/]" : "";
        return new Markup($"today: [bold]{t.Requests:N0}[/] requests · [bold]{Tokens(t.TotalTokens)}[/] tokens ({Tokens(t.InputTokens)} in / {Tokens(t.OutputTokens)} out) · {t.Errors:N0} errors{cost}");
    }

    private static Table Requests(TopModel model, int max, int width)
    {
        var table = new Table().Border(TableBorder.Simple).BorderColor(Color.Grey).Title("[bold]last requests[/]");
        table.AddColumn("time");
        table.AddColumn("model");
        table.AddColumn("upstream");
        table.AddColumn(new TableColumn("status").RightAligned());
        table.AddColumn(new TableColumn("first byte").RightAligned());
        table.AddColumn(new TableColumn("duration").RightAligned());
        table.AddColumn(new TableColumn("tokens in/out").RightAligned());
        if (width >= 110)
        {
            table.AddColumn("session");
            table.AddColumn("failover chain");
        }

        foreach (var r in model.Requests.Take(max))
        {
            var status = r.Status is >= 200 and < 300 ? $"[green]{r.Status}[/]" : r.Status is >= 400 and < 500 ? $"[yellow]{r.Status}[/]" : $"[red]{r.Status}[/]";
            var cells = new List<string>
            {
                DateTimeOffset.FromUnixTimeMilliseconds(r.TimestampMs).ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture),
                Markup.Escape(r.Model ?? "-"),
                Markup.Escape(Host(r.Upstream)),
                status,
                r.TtfbMs is { } f ? $"{f} ms" : "",
                $"{r.DurationMs} ms",
                r.TotalTokens > 0 ? $"{Tokens(r.InputTokens)} / {Tokens(r.OutputTokens)}" : "",
            };
            if (width >= 110)
            {
                cells.Add(Markup.Escape(r.SessionId is { Length: > 8 } id ? id[..8] : r.SessionId ?? ""));
                cells.Add(Markup.Escape(r.Attempts is { Count: > 1 } a ? string.Join(" → ", a.Select(x => $"{Host(x.UpstreamBaseUrl)} {x.StatusCode?.ToString(CultureInfo.InvariantCulture) ?? x.Error}")) : ""));
            }

            table.AddRow([.. cells]);
        }

        return table;
    }

    private static string Host(string? url) => Uri.TryCreate(url, UriKind.Absolute, out var u) ? u.Authority : url ?? "-";

    private static string Tokens(long n) => n >= 1_000_000 ? $"{n / 1e6:0.0}M" : n >= 1_000 ? $"{n / 1e3:0.0}k" : n.ToString(CultureInfo.InvariantCulture);

    private static string Cut(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";
}
