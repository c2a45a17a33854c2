using System.Text;
using CodexHelper.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace CodexHelper.Tests.Dashboard;

/// <summary>
/// A proxy with its dashboard, Codex config "main" = [flaky, healthy] (one failure trips a relay, cooldown 60 s) and a second
/// config "other" = [spare]; each stub answers a Responses SSE stream with token usage, flaky fails while told to.
/// </summary>
internal sealed class DashboardFixture : IAsyncDisposable
{
    public const string Completed =
        "event: response.completed\ndata: {\"type\":\"response.completed\",\"response\":{\"usage\":{\"input_tokens\":1200,\"output_tokens\":345,\"total_tokens\":1545}}}\n\n";

    private DashboardFixture(TempHome home, StubUpstream flaky, StubUpstream healthy, StubUpstream spare, ProxyHarness proxy)
    {
        Home = home;
        Flaky = flaky;
        Healthy = healthy;
        Spare = spare;
        Proxy = proxy;
    }

    public TempHome Home { get; }
    public StubUpstream Flaky { get; }
    public StubUpstream Healthy { get; }
    public StubUpstream Spare { get; }
    public ProxyHarness Proxy { get; }
    public bool FlakyFails { get; set; }
    public string DashboardUrl => Proxy.Server.BaseAddress + "__codex_helper/ui";

    /// <param name="prepare">Runs on the home before the proxy starts (extra files).</param>
    /// <param name="capture">Turns the disk capture on (<c>--capture</c>).</param>
    /// <param name="clock">The proxy's clock (default: the real one).</param>
    public static async Task<DashboardFixture> StartAsync(Action<TempHome>? prepare = null, CodexHelper.Dashboard.CaptureSettings? capture = null, TimeProvider? clock = null)
    {
        var home = new TempHome();
        DashboardFixture? self = null;
        var flaky = await StubUpstream.StartAsync(async (ctx, _) =>
        {
            if (self!.FlakyFails)
            {
                ctx.Response.StatusCode = 503;
                await ctx.Response.WriteAsync("{\"error\":{\"message\":\"flaky relay is overloaded\"}}");
                return;
            }

            await SseAsync(ctx);
        });
        var healthy = await StubUpstream.StartAsync((ctx, _) => SseAsync(ctx));
        var spare = await StubUpstream.StartAsync((ctx, _) => SseAsync(ctx));
        TestConfig.WriteRaw(home,
            "{\"version\":1,\"codex\":{\"active\":\"main\",\"configs\":{"
            + "\"main\":{\"name\":\"main\",\"upstreams\":[" + Upstream(flaky, "sk-flaky-secret-0001") + "," + Upstream(healthy, "sk-healthy-secret-0002") + "]},"
            + "\"other\":{\"name\":\"other\",\"upstreams\":[" + Upstream(spare, "sk-spare-secret-0003") + "]}}},"
            + "\"claude\":{\"active\":null,\"configs\":{}},\"routing\":{\"failure_threshold\":1,\"cooldown_secs\":60}}");
        // The other service's port points at nothing, so the page shows it as not running.
        home.Env["CODEX_HELPER_CLAUDE_PORT"] = FreePort.Get().ToString(System.Globalization.CultureInfo.InvariantCulture);
        prepare?.Invoke(home);
        var proxy = await ProxyHarness.StartAsync(home,
            o => capture is null ? o : o with { Observer = runtime => new CodexHelper.Dashboard.DashboardObserver(runtime, home.Paths, capture) },
            clock: clock, dashboard: true, quotaMinIntervalSecs: 0);
        self = new DashboardFixture(home, flaky, healthy, spare, proxy);
        return self;
    }

    private static string Upstream(StubUpstream stub, string key) =>
        "{\"base_url\":\"" + stub.BaseUrl + "\",\"auth\":{\"auth_token\":\"" + key + "\"}}";

    private static async Task SseAsync(HttpContext ctx)
    {
        ctx.Response.ContentType = "text/event-stream";
        await ctx.Response.Body.WriteAsync(Encoding.UTF8.GetBytes("event: response.created\ndata: {\"type\":\"response.created\"}\n\n"));
        await ctx.Response.Body.FlushAsync();
        await ctx.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(Completed));
    }

    /// <summary>One Codex-style request through the proxy; returns the status.</summary>
    public Task<int> SendAsync(string model) =>
        SendAsync($$"""{"model":"{{model}}","input":"hello","stream":true}""", "sk-client-placeholder-9999");

    /// <summary>A request with the given JSON body and client key, of client session <paramref name="session"/> when given.</summary>
    public async Task<int> SendAsync(string json, string clientKey, string? session = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/responses")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + clientKey);
        if (session is not null)
        {
            request.Headers.TryAddWithoutValidation("session-id", session);
        }
        using var response = await Proxy.Client.SendAsync(request);
        await response.Content.ReadAsStringAsync();
        return (int)response.StatusCode;
    }

    public async ValueTask DisposeAsync()
    {
        await Proxy.DisposeAsync();
        await Flaky.DisposeAsync();
        await Healthy.DisposeAsync();
        await Spare.DisposeAsync();
        Home.Dispose();
    }
}
