using System.Text.RegularExpressions;
using CodexHelper.Clients;

namespace CodexHelper.Commands;

/// <summary>Checks <c>switch on --remote URL --token-env VAR</c>; never reads out the variable's value.</summary>
internal static partial class RemoteSwitch
{
    /// <summary>The options for a remote switch, or null when neither flag was given. Throws (exit 2) on bad input.</summary>
    public static SwitchOptions? Options(CliContext ctx, string? url, string? variable, int? port)
    {
        if (url is null && variable is null)
        {
            return null;
        }

        if (url is null || variable is null)
        {
            throw new UserFacingException("--remote and --token-env go together: switch on --remote URL --token-env VAR", 2);
        }

        if (port is not null)
        {
            throw new UserFacingException("--port is for the local proxy; it cannot be combined with --remote", 2);
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.Host.Length == 0 || uri.UserInfo.Length > 0 || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            throw new UserFacingException($"--remote must be an absolute http(s) URL without credentials or query, e.g. https://codex-gw.example.com, not '{url}'", 2);
        }

        if (!EnvName().IsMatch(variable))
        {
            throw new UserFacingException($"--token-env must be an environment variable name (letters, digits, _; not starting with a digit), not '{variable}'", 2);
        }

        if (string.IsNullOrEmpty(ctx.GetEnv(variable)))
        {
            ctx.Error.WriteLine($"warning: ${variable} is not set in this shell; set it to your gateway token before starting the client");
        }

        return new SwitchOptions(0, RemoteUrl: url.TrimEnd('/'), TokenEnv: variable);
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex EnvName();
}
