namespace CodexHelper.EndToEnd.Support;

/// <summary>
/// Where the real Codex CLI and Claude Code are. `.ci/run` installs the pinned versions from
/// `.e2e/package.json` and sets the variables; a developer without them gets a skip that says how to run
/// the tests, while CI (CODEX_HELPER_E2E_REQUIRED=1) turns a missing client into a failure.
/// </summary>
internal static class RealClients
{
    public const string CodexVariable = "CODEX_HELPER_E2E_CODEX";
    public const string ClaudeVariable = "CODEX_HELPER_E2E_CLAUDE";
    private const string HowTo = "run `npm install --prefix .e2e` and set CODEX_HELPER_E2E_CODEX=.e2e/node_modules/.bin/codex and CODEX_HELPER_E2E_CLAUDE=.e2e/node_modules/.bin/claude (or just run .ci/run)";

    public static string Codex => Find(CodexVariable);
    public static string Claude => Find(ClaudeVariable);

    private static string Find(string variable)
    {
        var path = Environment.GetEnvironmentVariable(variable);
        var present = !string.IsNullOrEmpty(path) && File.Exists(path);
        if (!present && Environment.GetEnvironmentVariable("CODEX_HELPER_E2E_REQUIRED") == "1")
        {
            throw new InvalidOperationException($"{variable} is not set or does not exist, but CODEX_HELPER_E2E_REQUIRED=1: {HowTo}");
        }

        Skip.IfNot(present, $"real client not available ({variable} unset): {HowTo}");
        return Path.GetFullPath(path!);
    }
}
