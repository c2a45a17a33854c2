using System.CommandLine;
using System.Text.Json;
using CodexHelper.Diagnostics;

namespace CodexHelper.Commands;

internal static class DoctorCommand
{
    public static Command Create(CliContext ctx)
    {
        var json = new Option<bool>("--json", "-j") { Description = "Print the checks as JSON: {\"checks\":[…],\"summary\":{…}}" };
        var online = new Option<bool>("--online") { Description = "Also ask every upstream of the active configs for /models with its key" };
        var command = new Command("doctor", "Check the setup: clients, files, keys, ports, logs (exit code 1 when a check fails)");
        command.Options.Add(json);
        command.Options.Add(online);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var report = await DoctorService.RunAsync(ctx.Paths, ctx.GetEnv, r.GetValue(online), ct);
            if (r.GetValue(json))
            {
                ctx.Out.WriteLine(JsonSerializer.Serialize(report, DiagnosticsJsonContext.Default.DoctorReport));
            }
            else
            {
                foreach (var c in report.Checks)
                {
                    ctx.Out.WriteLine($"[{c.Status,-4}] {c.Id,-22} {c.Message}");
                    if (c.Hint is { } hint && c.Status != "ok")
                    {
                        ctx.Out.WriteLine($"{"",29}→ {hint}");
                    }
                }

                var s = report.Summary;
                ctx.Out.WriteLine($"{s.Ok} ok, {s.Info} info, {s.Warn} warn, {s.Fail} fail");
            }

            return report.HasFailure ? 1 : 0;
        });
        return command;
    }
}
