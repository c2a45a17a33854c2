using System.CommandLine;
using CodexHelper.Configuration;

namespace CodexHelper.Commands;

/// <summary>The <c>--codex</c> / <c>--claude</c> pair that most commands share.</summary>
internal sealed class ServiceFlags
{
    public ServiceFlags(string codex = "Act on Codex (the default unless default_service says claude)", string claude = "Act on Claude Code")
    {
        Codex = new("--codex") { Description = codex };
        Claude = new("--claude") { Description = claude };
    }

    public Option<bool> Codex { get; }

    public Option<bool> Claude { get; }

    public void AddTo(Command command)
    {
        command.Options.Add(Codex);
        command.Options.Add(Claude);
    }

    /// <summary>The explicit choice, or null when neither flag was given.</summary>
    public ServiceKind? Explicit(ParseResult result)
    {
        var codex = result.GetValue(Codex);
        var claude = result.GetValue(Claude);
        if (codex && claude)
        {
            throw new UserFacingException("--codex and --claude cannot be used together", 2);
        }

        return codex ? ServiceKind.Codex : claude ? ServiceKind.Claude : null;
    }

    /// <summary>The explicit choice, else config.json's default_service, else Codex.</summary>
    public ServiceKind Resolve(ParseResult result, CliContext ctx) =>
        Explicit(result) ?? DefaultService(ctx);

    public static ServiceKind DefaultService(CliContext ctx)
    {
        try
        {
            return ctx.ConfigStore.Load()?.DefaultServiceKind ?? ServiceKind.Codex;
        }
        catch (UserFacingException)
        {
            return ServiceKind.Codex;
        }
    }
}
