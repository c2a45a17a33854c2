using System.CommandLine;

namespace CodexHelper.Commands;

/// <summary>What <c>serve --gateway</c> adds: replica id and shared state.</summary>
internal sealed record GatewaySettings(string? Instance, string? StateUrl);

/// <summary>The <c>serve</c> options of gateway mode: <c>--gateway</c>, <c>--instance ID</c>, <c>--state redis://…</c>.</summary>
internal sealed class GatewayOptions
{
    private readonly Option<bool> _gateway = new("--gateway") { Description = "Team gateway: every request needs a client token (`codex-helper token add`); binding beyond loopback is fine" };
    private readonly Option<string?> _instance = new("--instance") { Description = "This replica's id (log file requests.<id>.jsonl; default host name and port, or CODEX_HELPER_INSTANCE)" };
    private readonly Option<string?> _state = new("--state") { Description = "Share upstream health and token spend with other replicas: redis://host:port[/db] (or CODEX_HELPER_REDIS_URL)" };

    public void AddTo(Command command)
    {
        command.Options.Add(_gateway);
        command.Options.Add(_instance);
        command.Options.Add(_state);
    }

    public bool Enabled(ParseResult result)
    {
        var on = result.GetValue(_gateway);
        if (!on && (result.GetValue(_instance) is not null || result.GetValue(_state) is not null))
        {
            throw new UserFacingException("--instance and --state need --gateway", 2);
        }

        return on;
    }

    public GatewaySettings Resolve(ParseResult result, CliContext ctx) =>
        new(result.GetValue(_instance), result.GetValue(_state) ?? (ctx.GetEnv("CODEX_HELPER_REDIS_URL") is { Length: > 0 } url ? url : null));
}
