using System.Text.Json.Nodes;
using CodexHelper.Configuration;
using CodexHelper.Dashboard;
using CodexHelper.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace CodexHelper.Tests.Dashboard;

/// <summary><c>--capture</c>: inspected requests on disk, keys masked, bounded, and never on the request path.</summary>
public class CaptureTests
{
    // Shaped like a real OpenAI project key; the test fails if any part of the file holds it whole.
    private const string ClientKey = "sk-proj-Q7vR2mXk9LpT4wZb8NcY3hJd6FsA1eGu5KoI0tWq";

    [Fact]
    public async Task On_each_request_is_a_json_file_with_keys_masked_in_headers_and_body()
    {
        await using var f = await DashboardFixture.StartAsync(capture: new CaptureSettings());
        var body = $$$"""{"model":"gpt-5-capture","stream":true,"prompt_cache_key":"cache-0123456789abcdef","input":"my key is {{{ClientKey}}} and the relay's is sk-healthy-secret-0002","metadata":{"api_key":"plain-secret-value-42"}}""";

        Assert.Equal(200, await f.SendAsync(body, ClientKey));
        await Writer(f).FlushAsync();

        var file = Assert.Single(Directory.GetFiles(CodexCaptures(f)));
        var text = await File.ReadAllTextAsync(file);
        Assert.DoesNotContain(ClientKey, text);
        Assert.DoesNotContain("Q7vR2mXk9LpT4wZb8NcY3hJd6FsA1eGu5", text);
        Assert.DoesNotContain("sk-healthy-secret-0002", text);
        Assert.DoesNotContain("plain-secret-value-42", text);
        var capture = JsonNode.Parse(text)!;
        Assert.Equal("gpt-5-capture", capture["request"]!["model"]!.GetValue<string>());
        Assert.True(capture["captured"]!.GetValue<bool>());
        var headers = capture["headers"]!.AsArray().ToDictionary(h => h![0]!.GetValue<string>(), h => h![1]!.GetValue<string>());
        Assert.Equal("sk-...0tWq", headers["authorization"]);
        var sent = capture["request_body"]!.GetValue<string>();
        Assert.Contains("my key is sk-...0tWq", sent);
        Assert.Contains("\"api_key\":\"plain-...e-42\"", sent);
        Assert.Contains("cache-0123456789abcdef", sent); // a cache key is no secret: the inspector keeps it
        Assert.Contains("response.completed", capture["response_head"]!.GetValue<string>());
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(CodexCaptures(f)));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(f.Home.Paths.CapturesDir));
        }

        // status (the endpoint `status` reads) and the page's state say it is on and where.
        var status = JsonNode.Parse(await f.Proxy.Client.GetStringAsync("/__codex_helper/status"))!;
        Assert.Equal(CodexCaptures(f), status["capture"]!["dir"]!.GetValue<string>());
        Assert.Equal(1, status["capture"]!["written"]!.GetValue<long>());
        f.Home.Env["CODEX_HELPER_CODEX_PORT"] = f.Proxy.Server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var run = await f.Home.RunAsync("status");
        Assert.Contains($"capture on → {CodexCaptures(f)} (1 written, 0 dropped, newest 500 kept)", run.Out);
    }

    [Fact]
    public async Task A_translated_request_keeps_the_clients_body_and_the_body_sent_in_the_relays_protocol()
    {
        await using var relay = await OneProtocolRelay.StartAsync("chat");
        await using var f = await DashboardFixture.StartAsync(
            prepare: home => TestConfig.WriteRaw(home, "{\"version\":1,\"codex\":{\"active\":\"t\",\"configs\":{\"t\":{\"name\":\"t\",\"upstreams\":[{\"base_url\":\""
                + relay.BaseUrl + "\",\"auth\":{\"auth_token\":\"sk-translated-secret-0004\"},\"protocol\":\"chat\"}]}}}}"),
            capture: new CaptureSettings());
        var body = $$$"""{"model":"gpt-5","stream":true,"input":[{"type":"message","role":"user","content":[{"type":"input_text","text":"my key is {{{ClientKey}}}"}]}],"tools":[{"type":"web_search"}]}""";

        Assert.Equal(200, await f.SendAsync(body, ClientKey));
        await Writer(f).FlushAsync();

        var text = await File.ReadAllTextAsync(Assert.Single(Directory.GetFiles(CodexCaptures(f))));
        Assert.DoesNotContain(ClientKey, text);
        Assert.DoesNotContain("sk-translated-secret-0004", text);
        var capture = JsonNode.Parse(text)!;
        Assert.Equal("chat", capture["request"]!["upstream_protocol"]!.GetValue<string>());
        Assert.Contains(capture["request"]!["translation_dropped"]!.AsArray(), d => d!.GetValue<string>().Contains("web_search", StringComparison.Ordinal));
        Assert.Contains("\"input\"", capture["request_body"]!.GetValue<string>());
        var translated = capture["translated_body"]!.GetValue<string>();
        Assert.Contains("\"messages\"", translated);
        Assert.Contains("my key is sk-...0tWq", translated);
    }

    [Fact]
    public async Task Off_nothing_is_written_even_while_a_viewer_inspects()
    {
        await using var f = await DashboardFixture.StartAsync();
        using var events = await OpenEventsAsync(f);
        await Eventually.True(() => f.Proxy.Server.Runtime.Observer!.WantsCapture);

        Assert.Equal(200, await f.SendAsync("gpt-5-off"));
        await f.Proxy.LogLinesAsync(1);

        var observer = (DashboardObserver)f.Proxy.Server.Runtime.Observer!;
        Assert.Null(observer.CaptureWriter);
        Assert.False(Directory.Exists(f.Home.Paths.CapturesDir));
        var status = JsonNode.Parse(await f.Proxy.Client.GetStringAsync("/__codex_helper/status"))!;
        Assert.Null(status["capture"]);
        f.Home.Env["CODEX_HELPER_CODEX_PORT"] = f.Proxy.Server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.DoesNotContain("capture", (await f.Home.RunAsync("status")).Out);
    }

    [Fact]
    public async Task Only_the_newest_files_are_kept()
    {
        await using var f = await DashboardFixture.StartAsync(capture: new CaptureSettings(Keep: 3));
        foreach (var model in new[] { "gpt-5-a", "gpt-5-b", "gpt-5-c", "gpt-5-d", "gpt-5-e" })
        {
            Assert.Equal(200, await f.SendAsync(model));
        }

        await Writer(f).FlushAsync();

        var models = Directory.GetFiles(CodexCaptures(f)).Order(StringComparer.Ordinal)
            .Select(p => JsonNode.Parse(File.ReadAllText(p))!["request"]!["model"]!.GetValue<string>());
        Assert.Equal(["gpt-5-c", "gpt-5-d", "gpt-5-e"], models);
        Assert.Equal(5, Writer(f).Status.Written);
    }

    [Fact]
    public async Task A_blocked_disk_does_not_hold_up_requests()
    {
        using var entered = new SemaphoreSlim(0);
        using var release = new ManualResetEventSlim();
        var settings = new CaptureSettings(WriteFile: (path, bytes) =>
        {
            entered.Release();
            release.Wait();
            File.WriteAllBytes(path, bytes);
        });
        await using var f = await DashboardFixture.StartAsync(capture: settings);

        Assert.Equal(200, await f.SendAsync("gpt-5-first"));
        await entered.WaitAsync(); // the writer is now stuck in the disk
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(200, await f.SendAsync("gpt-5-while-blocked-" + i));
        }

        // All six answered while not one file could be written.
        Assert.False(Directory.Exists(CodexCaptures(f)) && Directory.GetFiles(CodexCaptures(f)).Length > 0);
        release.Set();
        await Writer(f).FlushAsync();
        Assert.Equal(6, Directory.GetFiles(CodexCaptures(f)).Length);
    }

    [Fact]
    public async Task Serve_capture_on_the_command_line_says_so_and_writes_the_requests()
    {
        await using var upstream = await StubUpstream.StartAsync((ctx, _) => ctx.Response.WriteAsync("{\"ok\":true}"));
        using var home = new TempHome();
        TestConfig.WriteRaw(home, "{\"version\":1,\"codex\":{\"active\":\"main\",\"configs\":{\"main\":{\"name\":\"main\",\"upstreams\":[{\"base_url\":\"" + upstream.BaseUrl + "\",\"auth\":{\"auth_token\":\"sk-upstream-secret-0001\"}}]}}},\"claude\":{\"active\":null,\"configs\":{}}}");
        var port = FreePort.Get();
        var output = new StringWriter();
        var ctx = new CodexHelper.Commands.CliContext { Paths = home.Paths, Out = TextWriter.Synchronized(output), Error = TextWriter.Synchronized(output), GetEnv = home.GetEnv, IsInteractive = false, CurrentDirectory = home.Root };
        using var stop = new CancellationTokenSource();
        var serve = CodexHelper.Commands.Cli.RunAsync(["serve", "--capture", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)], ctx, stop.Token);
        await Eventually.True(() => output.ToString().Contains("capture: on", StringComparison.Ordinal) || serve.IsCompleted);

        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        using var response = await client.PostAsync("responses", new StringContent("{\"model\":\"gpt-5-cli\"}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var dir = Path.Combine(home.Paths.CapturesDir, "codex");
        await Eventually.True(() => Directory.Exists(dir) && Directory.GetFiles(dir, "*.json").Length == 1);
        await stop.CancelAsync();

        Assert.Equal(0, await serve);
        Assert.Contains($"capture: on, each request (keys masked) to {dir}, the newest 500 kept", output.ToString());
        Assert.Contains("gpt-5-cli", await File.ReadAllTextAsync(Directory.GetFiles(dir).Single()));
    }

    [Fact]
    public async Task Capture_is_refused_in_gateway_mode_which_serves_no_dashboard()
    {
        using var home = new TempHome();

        var run = await home.RunAsync("serve", "--gateway", "--capture", "--port", "0");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--capture needs the dashboard", run.Error);
        Assert.False(Directory.Exists(home.Paths.CapturesDir));
    }

    [Fact]
    public void The_scrubber_masks_key_shapes_and_known_keys_but_not_ordinary_text()
    {
        var scrubber = new SecretScrubber(() => ["relay-key-without-prefix-77"]);

        var text = scrubber.Scrub("""{"input":"use relay-key-without-prefix-77 or Bearer abcdefghijklmnop1234","token":"tok_abcdef123","max_output_tokens":100,"prompt_cache_key":"0199-aaaa-bbbb","note":"eyJhbGciOiJIUzI1.eyJzdWIiOiIxMjM0.SflKxwRJSMeKKF2QT4f"}""")!;

        Assert.DoesNotContain("relay-key-without-prefix-77", text);
        Assert.Contains("...x-77", text);
        Assert.DoesNotContain("abcdefghijklmnop1234", text);
        Assert.DoesNotContain("tok_abcdef123", text);
        Assert.DoesNotContain("SflKxwRJSMeKKF2QT4f", text);
        Assert.Contains("\"max_output_tokens\":100", text);
        Assert.Contains("\"prompt_cache_key\":\"0199-aaaa-bbbb\"", text);
    }

    private static CaptureWriter Writer(DashboardFixture f) => ((DashboardObserver)f.Proxy.Server.Runtime.Observer!).CaptureWriter!;

    private static string CodexCaptures(DashboardFixture f) => Path.Combine(f.Home.Paths.CapturesDir, "codex");

    private static async Task<HttpResponseMessage> OpenEventsAsync(DashboardFixture f)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/__codex_helper/events");
        request.Headers.Add("X-Codex-Helper-Token", await DashboardHttp.TokenAsync(f));
        return await f.Proxy.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }
}
