using System.Globalization;
using CodexHelper.Tests.Support;

namespace CodexHelper.Tests.Dashboard;

public class TopCommandTests
{
    [SkippableFact]
    public async Task Top_in_a_real_terminal_shows_requests_as_they_happen_and_q_restores_the_screen()
    {
        await using var f = await DashboardFixture.StartAsync();
        var dll = Path.Combine(AppContext.BaseDirectory, "codex-helper.dll");
        var env = string.Join(' ', f.Home.Env.Select(kv => $"{kv.Key}='{kv.Value}'"));
        var port = f.Proxy.Server.Port.ToString(CultureInfo.InvariantCulture);
        await using var tmux = await TmuxSession.StartAsync($"""
            echo BEFORE-TOP-MARKER
            env {env} CODEX_HELPER_CODEX_PORT={port} TERM=xterm-256color dotnet '{dll}' top --codex
            echo TOP-EXIT=$?
            sleep 600
            """, f.Home.Root);

        await tmux.WaitForAsync(s => s.Contains("codex-helper top", StringComparison.Ordinal) && s.Contains("config main", StringComparison.Ordinal) && s.Contains("today: 0 requests", StringComparison.Ordinal), "top's first frame with today's totals read");
        Assert.Equal(200, await f.SendAsync("gpt-5-in-top"));
        var screen = await tmux.WaitForAsync(s => s.Contains("gpt-5-in-top", StringComparison.Ordinal), "the request in top's feed");
        Assert.Contains("1.2k / 345", screen);
        Assert.Contains("today: 1 requests", screen); // the event adds to today's totals, no wait for the next read
        Assert.DoesNotContain("BEFORE-TOP-MARKER", screen); // the alternate screen hides the shell

        f.FlakyFails = true;
        Assert.Equal(200, await f.SendAsync("gpt-5-failover"));
        await tmux.WaitForAsync(s => s.Contains("cooling down", StringComparison.Ordinal), "the flaky relay cooling down in top");

        await tmux.SendKeysAsync("q");
        var after = await tmux.WaitForAsync(s => s.Contains("TOP-EXIT=", StringComparison.Ordinal), "top to quit");
        Assert.Contains("TOP-EXIT=0", after);
        Assert.Contains("BEFORE-TOP-MARKER", after);
        Assert.DoesNotContain("last requests", after);
        Assert.DoesNotContain("gpt-5-in-top", after);
    }

    [Fact]
    public async Task Top_with_stdout_to_a_file_and_stdin_from_dev_null_prints_one_plain_snapshot_and_exits()
    {
        await using var f = await DashboardFixture.StartAsync();
        Assert.Equal(200, await f.SendAsync("gpt-5-before-snapshot"));
        var start = new System.Diagnostics.ProcessStartInfo("bash") { RedirectStandardError = true, WorkingDirectory = f.Home.Root };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("dotnet \"$DLL\" top --codex > f < /dev/null");
        start.Environment["DLL"] = Path.Combine(AppContext.BaseDirectory, "codex-helper.dll");
        foreach (var (k, v) in f.Home.Env)
        {
            start.Environment[k] = v;
        }

        start.Environment["CODEX_HELPER_CODEX_PORT"] = f.Proxy.Server.Port.ToString(CultureInfo.InvariantCulture);
        using var process = System.Diagnostics.Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        // Not a timing assertion: a generous guard so a regression (the live screen waiting for q) fails instead of hanging the run.
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(guard.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("top did not exit without a terminal");
        }

        Assert.True(process.ExitCode == 0, await stderr);
        var text = File.ReadAllText(Path.Combine(f.Home.Root, "f"));
        Assert.DoesNotContain("\e", text, StringComparison.Ordinal); // no alternate screen, cursor moves or colours
        Assert.Contains("codex-helper top", text, StringComparison.Ordinal);
        Assert.Contains("config main", text, StringComparison.Ordinal);
        Assert.Contains("today: 1 requests", text, StringComparison.Ordinal);
        Assert.True(text.Contains("gpt-5-before-snapshot", StringComparison.Ordinal), text);
        Assert.Contains("one snapshot: stdin or stdout is not a terminal", text, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(text, "codex-helper top ·"));
    }

    [SkippableFact]
    public async Task Top_and_dashboard_without_a_running_proxy_say_so_and_exit_1()
    {
        using var home = new TempHome();
        home.Env["CODEX_HELPER_CODEX_PORT"] = FreePort.Get().ToString(CultureInfo.InvariantCulture);

        var top = await home.RunAsync("top");
        var dashboard = await home.RunAsync("dashboard");

        Assert.Equal(1, top.ExitCode);
        Assert.Contains("no codex proxy is running on 127.0.0.1:", top.Error);
        Assert.Contains("codex-helper serve", top.Error);
        Assert.Equal(1, dashboard.ExitCode);
        Assert.Contains("no codex proxy is running", dashboard.Error);
    }

    [SkippableFact]
    public async Task Dashboard_prints_the_url_of_the_running_proxy_when_there_is_no_browser()
    {
        await using var f = await DashboardFixture.StartAsync();
        f.Home.Env["CODEX_HELPER_CODEX_PORT"] = f.Proxy.Server.Port.ToString(CultureInfo.InvariantCulture);
        f.Home.Env["SSH_CONNECTION"] = "10.0.0.1 5000 10.0.0.2 22";

        var run = await f.Home.RunAsync("dashboard");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"http://127.0.0.1:{f.Proxy.Server.Port}/__codex_helper/ui", run.Out);
        Assert.Contains("ssh -L", run.Out);
    }

    [SkippableFact]
    public async Task Upstream_disable_takes_an_upstream_out_status_shows_it_and_enable_puts_it_back()
    {
        await using var f = await DashboardFixture.StartAsync();
        f.Home.Env["CODEX_HELPER_CODEX_PORT"] = f.Proxy.Server.Port.ToString(CultureInfo.InvariantCulture);
        f.Home.Env["CODEX_HELPER_CLAUDE_PORT"] = FreePort.Get().ToString(CultureInfo.InvariantCulture);

        var disable = await f.Home.RunAsync("upstream", "disable", f.Flaky.BaseUrl);
        Assert.Equal(0, disable.ExitCode);
        Assert.Contains("out of rotation", disable.Out);
        Assert.Equal(200, await f.SendAsync("gpt-5-cli-override"));
        Assert.Empty(f.Flaky.Requests);
        Assert.Single(f.Healthy.Requests);
        var status = await f.Home.RunAsync("status");
        Assert.Contains("disabled by hand", status.Out);

        var unknown = await f.Home.RunAsync("upstream", "enable", "http://nowhere.example");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("no upstream \"http://nowhere.example\"", unknown.Error);
        Assert.Equal(0, (await f.Home.RunAsync("upstream", "enable", f.Flaky.BaseUrl)).ExitCode);
        Assert.DoesNotContain("disabled by hand", (await f.Home.RunAsync("status")).Out);
    }
}
