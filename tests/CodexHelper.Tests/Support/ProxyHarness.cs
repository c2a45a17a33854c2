using System.Text.Json.Nodes;
using CodexHelper.Configuration;
using CodexHelper.Proxy.Hosting;

namespace CodexHelper.Tests.Support;

/// <summary>A running proxy on 127.0.0.1:0 against a temp home, with its console captured.</summary>
internal sealed class ProxyHarness : IAsyncDisposable
{
    private ProxyHarness(TempHome home, ProxyServer server, StringWriter console)
    {
        Home = home;
        Server = server;
        ConsoleWriter = console;
        Client = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public TempHome Home { get; }
    public ProxyServer Server { get; }
    public HttpClient Client { get; }
    private StringWriter ConsoleWriter { get; }

    /// <summary>What the proxy printed so far (its console is written in the background, so this flushes it first).</summary>
    public async Task<string> ConsoleTextAsync()
    {
        await Server.Runtime.Console.FlushAsync();
        lock (ConsoleWriter)
        {
            return ConsoleWriter.ToString();
        }
    }

    /// <summary>The proxy's own log (a gateway replica writes requests.&lt;instance&gt;.jsonl).</summary>
    public string RequestLogText => File.Exists(Server.Runtime.Log.FilePath) ? File.ReadAllText(Server.Runtime.Log.FilePath) : "";

    /// <summary>A proxy whose usage providers may poll every second (the real floor is 20 s).</summary>
    public static Task<ProxyHarness> StartQuotaAsync(TempHome home) => StartAsync(home, quotaMinIntervalSecs: 0);

    public static Task<ProxyHarness> StartAsync(TempHome home, ServiceKind kind = ServiceKind.Codex, TimeProvider? clock = null, double quotaMinIntervalSecs = 20, bool dashboard = false) =>
        StartAsync(home, o => o, kind, clock, quotaMinIntervalSecs, dashboard);

    /// <summary>A proxy whose options a test adjusts (gateway mode, prices); its metrics have a meter of their own.</summary>
    public static async Task<ProxyHarness> StartAsync(TempHome home, Func<ProxyServerOptions, ProxyServerOptions> configure, ServiceKind kind = ServiceKind.Codex, TimeProvider? clock = null, double quotaMinIntervalSecs = 20, bool dashboard = false)
    {
        var console = new StringWriter();
        var server = await ProxyServer.StartAsync(configure(new ProxyServerOptions
        {
            MeterName = "CodexHelper.Test." + Guid.NewGuid().ToString("N"),
            Kind = kind,
            Paths = home.Paths,
            Port = 0,
            GetEnv = home.GetEnv,
            Console = TextWriter.Synchronized(console),
            Clock = clock ?? TimeProvider.System,
            ConfigPollInterval = TimeSpan.FromMilliseconds(100),
            QuotaMinIntervalSecs = quotaMinIntervalSecs,
            Observer = dashboard ? runtime => new CodexHelper.Dashboard.DashboardObserver(runtime, home.Paths) : null,
        }));
        return new ProxyHarness(home, server, console);
    }

    /// <summary>Waits until the request log holds at least <paramref name="lines"/> lines (it is written after the response ends).</summary>
    public async Task<JsonObject[]> LogLinesAsync(int lines)
    {
        for (var i = 0; i < 200; i++)
        {
            await Server.Runtime.Log.FlushAsync();
            var text = RequestLogText;
            var parsed = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject()).ToArray();
            if (parsed.Length >= lines)
            {
                return parsed;
            }

            await Task.Delay(25);
        }

        throw new TimeoutException($"request log has fewer than {lines} lines:\n{RequestLogText}");
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}

/// <summary>Writes config.json files for tests.</summary>
internal static class TestConfig
{
    public static void Write(TempHome home, ServiceKind kind, string name, params (string BaseUrl, string? Token, string? ApiKey)[] upstreams)
    {
        var config = new HelperConfig();
        var section = config.Section(kind);
        section.Active = name;
        section.Configs[name] = new ServiceConfig
        {
            Name = name,
            Upstreams = upstreams.Select(u => new UpstreamConfig { BaseUrl = u.BaseUrl, Auth = new UpstreamAuth { AuthToken = u.Token, ApiKey = u.ApiKey } }).ToList(),
        };
        ConfigStore.For(home.Paths).Save(config);
    }

    /// <summary>One Codex config "m" with one upstream (no key) and the given <c>routing</c> object.</summary>
    public static void WriteWithRouting(TempHome home, string baseUrl, string routingJson, params string[] moreUpstreams)
    {
        var upstreams = string.Join(",", new[] { baseUrl }.Concat(moreUpstreams).Select(u => "{\"base_url\":\"" + u + "\",\"auth\":{}}"));
        WriteRaw(home, "{\"version\":1,\"codex\":{\"active\":\"m\",\"configs\":{\"m\":{\"name\":\"m\",\"upstreams\":[" + upstreams
            + "]}}},\"claude\":{\"active\":null,\"configs\":{}},\"routing\":" + routingJson + "}");
    }

    public static void WriteRaw(TempHome home, string json) => File.WriteAllText(home.Paths.ConfigJson, json);
}
