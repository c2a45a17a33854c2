using System.Net.Http;
using System.Text;
using CodexHelper.EndToEnd.Support;
using CodexHelper.Tests.Support;

namespace CodexHelper.EndToEnd;

/// <summary>
/// The packed .NET tool as a user gets it: .ci/run packs it, installs it with `dotnet tool install --tool-path`, and
/// points CODEX_HELPER_INSTALLED_TOOL at the installed `codex-helper`. That executable (not the test build) then
/// configures an upstream, proxies one streamed request to a stub and logs it.
/// </summary>
public class InstalledToolTests
{
    private static string Tool()
    {
        var tool = Environment.GetEnvironmentVariable("CODEX_HELPER_INSTALLED_TOOL");
        Skip.If(string.IsNullOrEmpty(tool), "CODEX_HELPER_INSTALLED_TOOL is not set: .ci/run packs and installs the tool and sets it");
        Assert.True(File.Exists(tool), $"CODEX_HELPER_INSTALLED_TOOL={tool} does not exist");
        return tool!;
    }

    [SkippableFact]
    public async Task Installed_tool_proxies_a_streamed_request_and_logs_it()
    {
        using var home = new E2EHome { HelperCommand = [Tool()] };
        await using var upstream = await WireStubs.ResponsesAsync("hello from the stub");
        var add = await home.HelperAsync("config", "add", "stub", "--base-url", upstream.BaseUrl + "/v1", "--auth-token", "sk-installed-tool-0001", "--codex");
        Assert.True(add.ExitCode == 0, add.All);
        var port = FreePort.Get();
        await using var serve = await home.StartHelperAsync(port, "serve", "--codex", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));

        using var http = new HttpClient();
        using var request = new StringContent("""{"model":"gpt-5","input":"hi","stream":true}""", Encoding.UTF8, "application/json");
        using var response = await http.PostAsync($"http://127.0.0.1:{port}/v1/responses", request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(response.IsSuccessStatusCode, body + "\n--- proxy ---\n" + serve.Output);
        Assert.Contains("hello from the stub", body);
        Assert.Equal("Bearer sk-installed-tool-0001", Assert.Single(upstream.Requests).Header("authorization"));
        for (var i = 0; i < 50 && home.LogLines().Length == 0; i++)
        {
            await Task.Delay(100);
        }

        var line = Assert.Single(home.LogLines());
        Assert.Contains("\"status_code\":200", line);
        Assert.Contains("\"total_tokens\":", line);
    }

    [SkippableFact]
    public async Task Installed_tool_reports_its_version_and_doctor_json()
    {
        using var home = new E2EHome { HelperCommand = [Tool()] };

        var version = await home.HelperAsync("--version");
        var doctor = await home.HelperAsync("doctor", "--json");

        Assert.True(version.ExitCode == 0, version.All);
        Assert.Matches(@"^\d+\.\d+\.\d+", version.Out);
        Assert.StartsWith("{", doctor.Out.TrimStart());
        Assert.Contains("\"checks\"", doctor.Out);
    }
}
