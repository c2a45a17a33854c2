using CodexHelper.Configuration;
using CodexHelper.Proxy.LocalAnswers;

namespace CodexHelper.Dashboard;

/// <summary>
/// What the dashboard's buttons do, through the same code as the CLI commands that do the same thing:
/// <c>config set-active</c> (ConfigEditor + ConfigStore, saved atomically with a backup) and the router's
/// manual override (<c>disable</c> / <c>enable</c> / <c>clear_cooldown</c>).
/// </summary>
internal sealed class DashboardActions(ObservedProxy proxy, AppPaths paths)
{
    public ActionResult Run(DashboardAction action)
    {
        var own = proxy.Kind;
        var kind = action.Service is null ? own : ServiceKinds.Parse(action.Service);
        if (kind is not { } service)
        {
            return Fail($"unknown service \"{action.Service}\" (codex or claude)");
        }

        try
        {
            return action.Action switch
            {
                "set_active" => SetActive(service, action.Config),
                "disable" or "enable" or "clear_cooldown" when service != own =>
                    Fail($"open the {service.Name()} proxy's dashboard to change its upstreams"),
                "disable" => Override(action.Upstream, disable: true),
                "enable" => Override(action.Upstream, disable: false),
                "clear_cooldown" => ClearCooldown(action.Upstream),
                _ => Fail($"unknown action \"{action.Action}\" (set_active, disable, enable, clear_cooldown)"),
            };
        }
        catch (UserFacingException ex)
        {
            return Fail(ex.Message);
        }
    }

    private ActionResult SetActive(ServiceKind kind, string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return Fail("set_active needs a config name");
        }

        var store = ConfigStore.For(paths);
        var config = store.Load() ?? new HelperConfig();
        ConfigEditor.SetActive(config, kind, name);
        store.Save(config);
        return new ActionResult { Ok = true, Message = $"{kind.Name()} active config: {name}" };
    }

    private ActionResult Override(string? upstream, bool disable)
    {
        if (upstream is null || !proxy.Router.SetDisabled(upstream, disable))
        {
            return Fail($"no upstream \"{upstream}\" in the active {proxy.Kind.Name()} config");
        }

        return new ActionResult
        {
            Ok = true,
            Message = disable ? $"{upstream} is out of rotation until it is put back (or the proxy restarts)" : $"{upstream} is back in rotation",
        };
    }

    private ActionResult ClearCooldown(string? upstream)
    {
        if (upstream is null || !proxy.Router.ClearCooldown(upstream))
        {
            return Fail($"no upstream \"{upstream}\" in the active {proxy.Kind.Name()} config");
        }

        return new ActionResult { Ok = true, Message = $"{upstream}: cooldown cleared" };
    }

    private static ActionResult Fail(string message) => new() { Ok = false, Message = message };
}
