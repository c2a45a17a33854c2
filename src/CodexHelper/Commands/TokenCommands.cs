using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using CodexHelper.Gateway;
using CodexHelper.RequestLog;

namespace CodexHelper.Commands;

/// <summary><c>token add|list|remove</c>: client tokens for <c>serve --gateway</c>.</summary>
internal static class TokenCommands
{
    public static Command Create(CliContext ctx)
    {
        var command = new Command("token", "Client tokens for a team gateway (serve --gateway): add, list, remove");
        command.Subcommands.Add(Add(ctx));
        command.Subcommands.Add(List(ctx));
        command.Subcommands.Add(Remove(ctx));
        return command;
    }

    private static TokenAdmin Admin(CliContext ctx) => new(ctx.Paths.TokensJson, ctx.Paths.RequestLog, TimeProvider.System);

    private static Command Add(CliContext ctx)
    {
        var name = new Argument<string>("NAME") { Description = "Who the token is for (letters, digits, '.', '_', '-')" };
        var admin = new Option<bool>("--admin") { Description = "May read the gateway's status and /metrics" };
        var budget = new Option<decimal?>("--budget-usd") { Description = "Spend allowed per period, in USD; over it requests get 429" };
        var period = new Option<string?>("--period") { Description = "day or month (UTC; default month)" };
        var codex = new Option<bool>("--codex") { Description = "Accepted by the Codex gateway only" };
        var claude = new Option<bool>("--claude") { Description = "Accepted by the Claude Code gateway only" };
        var both = new Option<bool>("--both") { Description = "Accepted by both gateways (the default)" };
        var command = new Command("add", "Create a token; it is printed once and only its hash is stored");
        command.Arguments.Add(name);
        command.Options.Add(admin);
        command.Options.Add(budget);
        command.Options.Add(period);
        command.Options.Add(codex);
        command.Options.Add(claude);
        command.Options.Add(both);
        command.SetAction(r =>
        {
            var picked = new[] { (r.GetValue(codex), "codex"), (r.GetValue(claude), "claude"), (r.GetValue(both), "both") }.Where(p => p.Item1).ToArray();
            if (picked.Length > 1)
            {
                throw new UserFacingException("--codex, --claude and --both cannot be combined", 2);
            }

            var services = picked.Length == 1 ? picked[0].Item2 : "both";
            var n = r.GetValue(name)!;
            var token = Admin(ctx).Add(n, r.GetValue(admin), services, r.GetValue(budget), r.GetValue(period));
            ctx.Out.WriteLine(token);
            ctx.Error.WriteLine($"codex-helper: token \"{n}\" added to {ctx.Paths.TokensJson}; it is shown only this once.");
            // Only the hash is kept, so a lost token cannot be shown again: say how to replace it with the same options.
            var again = AddCommandLine(n, r.GetValue(admin), picked.Length == 1 ? picked[0].Item2 : null, r.GetValue(budget), r.GetValue(period));
            ctx.Error.WriteLine($"codex-helper: lost it? `codex-helper token remove {n}` then `{again}` issues a new one.");
            return 0;
        });
        return command;
    }

    private static string AddCommandLine(string name, bool admin, string? services, decimal? budgetUsd, string? period)
    {
        var line = new System.Text.StringBuilder("codex-helper token add ").Append(name);
        if (admin)
        {
            line.Append(" --admin");
        }

        if (budgetUsd is { } b)
        {
            line.Append(CultureInfo.InvariantCulture, $" --budget-usd {b}");
        }

        if (period is not null)
        {
            line.Append(" --period ").Append(period);
        }

        if (services is not null)
        {
            line.Append(" --").Append(services);
        }

        return line.ToString();
    }

    private static Command List(CliContext ctx)
    {
        var json = new Option<bool>("--json", "-j") { Description = "Print the tokens as JSON" };
        var command = new Command("list", "Tokens with last use, spend this period and budget (never the token itself)");
        command.Options.Add(json);
        command.SetAction(r =>
        {
            var items = Admin(ctx).List(CostOf);
            if (r.GetValue(json))
            {
                ctx.Out.WriteLine(JsonSerializer.Serialize(items.ToList(), GatewayJsonContext.Default.ListTokenListItem));
                return 0;
            }

            if (items.Count == 0)
            {
                ctx.Out.WriteLine("no tokens (add one with `codex-helper token add NAME`)");
                return 0;
            }

            var table = new Diagnostics.TextTable("name", "services", "admin", "created", "last used", "requests", "spent", "budget");
            foreach (var t in items)
            {
                table.Add(
                    t.Name,
                    t.Services,
                    t.Admin ? "yes" : "",
                    t.CreatedAt.ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                    t.LastUsed?.ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "never",
                    t.Requests.ToString(CultureInfo.InvariantCulture),
                    t.SpentUsd.ToString("0.00", CultureInfo.InvariantCulture),
                    t.BudgetUsd is { } b ? string.Create(CultureInfo.InvariantCulture, $"{b:0.##} / {t.Period}") : "");
            }

            table.WriteTo(ctx.Out);
            return 0;
        });
        return command;
    }

    private static Command Remove(CliContext ctx)
    {
        var name = new Argument<string>("NAME");
        var command = new Command("remove", "Revoke a token (running gateways refuse it within a second)");
        command.Arguments.Add(name);
        command.SetAction(r =>
        {
            Admin(ctx).Remove(r.GetValue(name)!);
            ctx.Out.WriteLine($"removed token \"{r.GetValue(name)}\"");
            return 0;
        });
        return command;
    }

    /// <summary>Cost of a logged request, as the proxy priced it when it ended.</summary>
    private static decimal? CostOf(RequestLogEntry entry) => entry.CostUsd;
}
