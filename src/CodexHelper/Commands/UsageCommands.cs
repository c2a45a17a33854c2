using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using CodexHelper.RequestLog;
using Spectre.Console;
using CodexHelper.Reports;

namespace CodexHelper.Commands;

/// <summary><c>usage summary|tail</c>: reports over the request log (and its rotated files).</summary>
internal static class UsageCommands
{
    public static Command Create(CliContext ctx)
    {
        var command = new Command("usage", "Token usage and request reports from the request log");
        command.Subcommands.Add(Summary(ctx));
        command.Subcommands.Add(Tail(ctx));
        return command;
    }

    private static Command Summary(CliContext ctx)
    {
        var since = new Option<string?>("--since", "-s") { Description = "Only requests since: today, yesterday, 7d, 24h, 30m, a date (2026-01-05) or a date-time" };
        var by = new Option<string?>("--by") { Description = "Group by config (default), upstream, model, day, session, project (the session's working directory) or token (gateway client token)" };
        var json = new Option<bool>("--json", "-j") { Description = "Print the summary as JSON" };
        var limit = new Option<int>("--limit", "-n") { Description = "Show at most N groups (0 = all)", DefaultValueFactory = _ => 20 };
        var services = new ServiceFlags("Only Codex requests (default: both services)", "Only Claude Code requests (default: both services)");
        var command = new Command("summary", "Requests, errors, tokens, cost and latency per config / upstream / model / day / session / project");
        command.Options.Add(since);
        command.Options.Add(by);
        services.AddTo(command);
        command.Options.Add(json);
        command.Options.Add(limit);
        command.SetAction(r =>
        {
            var grouping = UsageGroupings.Parse(r.GetValue(by));
            var from = r.GetValue(since) is { } s ? UsageSince.Parse(s, DateTimeOffset.Now, TimeZoneInfo.Local) : (DateTimeOffset?)null;
            var builder = new UsageSummaryBuilder(grouping, from, services.Explicit(r));
            UsageLogScanner.Scan(ctx.Paths.RequestLog, builder, grouping);
            var summary = builder.Build(r.GetValue(limit), grouping == UsageGrouping.Project ? SessionCosts.Projects(ctx.Paths) : null);
            if (r.GetValue(json))
            {
                ctx.Out.WriteLine(JsonSerializer.Serialize(summary, UsageJsonContext.Default.UsageSummary));
            }
            else
            {
                RenderSummary(ctx, summary);
            }

            return 0;
        });
        return command;
    }

    private static Command Tail(CliContext ctx)
    {
        var limit = new Option<int>("--limit", "-n") { Description = "How many of the last lines", DefaultValueFactory = _ => 20 };
        var raw = new Option<bool>("--raw") { Description = "Print the JSON lines as they are in the log" };
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new lines until Ctrl+C" };
        var command = new Command("tail", "The last request-log lines (readable, or raw JSON)");
        command.Options.Add(limit);
        command.Options.Add(raw);
        command.Options.Add(follow);
        command.SetAction((ParseResult r, CancellationToken ct) =>
            TailAsync(ctx, Math.Max(0, r.GetValue(limit)), r.GetValue(raw), r.GetValue(follow), ct));
        return command;
    }

    /// <summary>Prints the last lines, then (with <paramref name="follow"/>) every new one until Ctrl+C.</summary>
    private static async Task<int> TailAsync(CliContext ctx, int limit, bool raw, bool follow, CancellationToken ct)
    {
        var path = ctx.Paths.RequestLog;
        // The follower opens the log (at its end) before the tail is read, so nothing written in between falls through.
        using var follower = follow ? new RequestLogFollower(path) : null;
        var lines = new RequestLogReader(path).TailLines(limit);
        if (lines.Count == 0 && follower is null)
        {
            ctx.Error.WriteLine($"codex-helper: no requests logged yet ({path})");
        }

        var malformed = 0;
        foreach (var line in lines)
        {
            malformed += PrintTailLine(ctx, line, raw);
        }

        ReportMalformed(ctx, ref malformed);
        if (follower is null)
        {
            return 0;
        }

        try
        {
            await ctx.Out.FlushAsync(ct);
            await foreach (var line in follower.FollowAsync(ct))
            {
                malformed += PrintTailLine(ctx, line, raw);
                ReportMalformed(ctx, ref malformed);
                await ctx.Out.FlushAsync(ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Ctrl+C ends --follow; that is success.
        }

        return 0;
    }

    /// <summary>Prints one log line; returns 1 when it is not a log entry (counted, not printed).</summary>
    private static int PrintTailLine(CliContext ctx, string line, bool raw)
    {
        if (raw)
        {
            ctx.Out.WriteLine(line);
            return 0;
        }

        if (UsageTailFormatter.FormatRaw(line, TimeZoneInfo.Local) is not { } readable)
        {
            return 1;
        }

        ctx.Out.WriteLine(readable);
        return 0;
    }

    private static void ReportMalformed(CliContext ctx, ref int malformed)
    {
        if (malformed > 0)
        {
            ctx.Error.WriteLine($"codex-helper: skipped {malformed} malformed line{(malformed == 1 ? "" : "s")}");
            malformed = 0;
        }
    }

    private static void RenderSummary(CliContext ctx, UsageSummary summary)
    {
        if (summary.Total.Requests == 0)
        {
            var window = summary.Since is { } s ? $" since {s.ToLocalTime():yyyy-MM-dd HH:mm}" : "";
            var service = summary.Service is { } only ? $" {only}" : "";
            ctx.Out.WriteLine(File.Exists(ctx.Paths.RequestLog)
                ? $"No{service} requests{window} in {ctx.Paths.RequestLog}."
                : $"No requests logged yet ({ctx.Paths.RequestLog} does not exist).");
        }
        else
        {
            var console = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Out = new AnsiConsoleOutput(ctx.Out),
                ColorSystem = ColorSystemSupport.NoColors,
                Interactive = InteractionSupport.No,
            });
            // A terminal's own width; piped or captured output, where Spectre assumes 80 columns and wraps numbers
            // mid-digit, gets whole lines.
            console.Profile.Width = ctx.Width ?? 240;
            console.Write(UsageTable.Build(summary, console.Profile.Width));
            if (summary.GroupsOmitted > 0)
            {
                ctx.Out.WriteLine($"{summary.GroupsOmitted} more group{(summary.GroupsOmitted == 1 ? "" : "s")} not shown (--limit 0 shows all); the total includes them.");
            }
        }

        if (summary.Total.UnpricedRequests > 0)
        {
            ctx.Out.WriteLine($"{summary.Total.UnpricedRequests} request{(summary.Total.UnpricedRequests == 1 ? "" : "s")} with usage but no price (unknown model, or logged before cost_usd): left out of the cost; add the model to {ctx.Paths.PricesJson}.");
        }

        if (summary.SkippedMalformedLines > 0)
        {
            ctx.Out.WriteLine($"skipped {summary.SkippedMalformedLines} malformed line{(summary.SkippedMalformedLines == 1 ? "" : "s")}");
        }
    }
}
