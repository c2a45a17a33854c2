using System.Net.Http;

namespace CodexHelper.EndToEnd.Support;

/// <summary>
/// One scenario's world: temp CODEX_HELPER_HOME, CODEX_HOME, CLAUDE_CONFIG_DIR, HOME and a project
/// directory to run the clients in; helpers to run codex-helper, Codex and Claude Code inside it.
/// </summary>
internal sealed class E2EHome : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("codex-helper-e2e-").FullName;
    public string HelperHome => Path.Combine(Root, "helper");
    public string CodexHome => Path.Combine(Root, "codex");
    public string ClaudeHome => Path.Combine(Root, "claude");
    public string Project => Path.Combine(Root, "project");
    public string RequestLog => Path.Combine(HelperHome, "logs", "requests.jsonl");
    public Dictionary<string, string> Env { get; } = new();

    public E2EHome()
    {
        foreach (var d in new[] { HelperHome, CodexHome, ClaudeHome, Project, Path.Combine(Root, "home") })
        {
            Directory.CreateDirectory(d);
        }

        Env["CODEX_HELPER_HOME"] = HelperHome;
        Env["CODEX_HOME"] = CodexHome;
        Env["CLAUDE_CONFIG_DIR"] = ClaudeHome;
        Env["HOME"] = Path.Combine(Root, "home");
        Env["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        Env["DISABLE_TELEMETRY"] = "1";
        Env["DISABLE_ERROR_REPORTING"] = "1";
        Env["DISABLE_AUTOUPDATER"] = "1";
        Env["CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"] = "1";
        Env["NO_COLOR"] = "1";
        Env["RUST_LOG"] = "error";
    }

    /// <summary>The codex-helper built next to these tests, run as its own process.</summary>
    public static string HelperDll => Path.Combine(AppContext.BaseDirectory, "codex-helper.dll");

    /// <summary>How codex-helper is started: the test build by default, or an installed tool's executable.</summary>
    public string[] HelperCommand { get; init; } = ["dotnet", HelperDll];

    public Task<ProcessResult> HelperAsync(params string[] args) =>
        ProcessRunner.RunAsync(HelperCommand[0], [.. HelperCommand[1..], .. args], Project, Env, TimeSpan.FromSeconds(60));

    /// <summary>Starts codex-helper in the background and waits until its port answers.</summary>
    public Task<BackgroundProcess> StartHelperAsync(int port, params string[] args) => StartAsync(port, anyAnswer: false, args);

    /// <summary>Starts <c>serve --gateway …</c> and waits until it answers (its status says 401 without an admin token).</summary>
    public Task<BackgroundProcess> StartGatewayAsync(int port, params string[] args) => StartAsync(port, anyAnswer: true, args);

    private async Task<BackgroundProcess> StartAsync(int port, bool anyAnswer, string[] args)
    {
        var process = new BackgroundProcess(ProcessRunner.StartInfo(HelperCommand[0], [.. HelperCommand[1..], .. args], Project, Env));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var i = 0; i < 300; i++)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException("codex-helper exited early:\n" + process.Output);
            }

            try
            {
                using var response = await http.GetAsync($"http://127.0.0.1:{port}/__codex_helper/status");
                if (response.IsSuccessStatusCode || anyAnswer)
                {
                    return process;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
                // A starting process on a loaded machine may take longer than one probe's timeout to answer.
            }

            await Task.Delay(100);
        }

        await process.DisposeAsync();
        throw new TimeoutException("codex-helper did not start listening:\n" + process.Output);
    }

    public Task<ProcessResult> CodexExecAsync(string prompt) =>
        ProcessRunner.RunAsync(RealClients.Codex, ["exec", "--skip-git-repo-check", prompt], Project, Env, TimeSpan.FromSeconds(180));

    public Task<ProcessResult> CodexAsync(params string[] args) =>
        ProcessRunner.RunAsync(RealClients.Codex, args, Project, Env, TimeSpan.FromSeconds(180));

    public Task<ProcessResult> ClaudeAsync(string prompt, params string[] more) =>
        ProcessRunner.RunAsync(RealClients.Claude, ["-p", prompt, .. more], Project, Env, TimeSpan.FromSeconds(180));

    public string[] LogLines() => File.Exists(RequestLog) ? File.ReadAllLines(RequestLog) : [];

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
