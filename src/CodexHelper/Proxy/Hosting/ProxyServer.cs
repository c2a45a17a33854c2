using System.Net;
using CodexHelper.Configuration;
using CodexHelper.Filtering;
using CodexHelper.Proxy.Attempt;
using CodexHelper.Proxy.LocalAnswers;
using CodexHelper.Proxy.Reporting;
using CodexHelper.Proxy.Snapshot;
using CodexHelper.Quota;
using CodexHelper.RequestLog;
using CodexHelper.Routing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace CodexHelper.Proxy.Hosting;

internal sealed record ProxyServerOptions
{
    public required ServiceKind Kind { get; init; }
    public required AppPaths Paths { get; init; }
    public string Host { get; init; } = "127.0.0.1";
    /// <summary>0 picks a free port (tests).</summary>
    public int Port { get; init; }
    public Func<string, string?> GetEnv { get; init; } = Environment.GetEnvironmentVariable;
    public TextWriter Console { get; init; } = TextWriter.Null;
    public TimeProvider Clock { get; init; } = TimeProvider.System;
    /// <summary>How often config.json and filter.json are looked at for edits (in the background).</summary>
    public TimeSpan ConfigPollInterval { get; init; } = TimeSpan.FromSeconds(1);
    public long LogMaxBytes { get; init; } = 50L * 1024 * 1024;
    /// <summary>Floor under usage providers' poll intervals (the original's 20 s; tests lower it).</summary>
    public double QuotaMinIntervalSecs { get; init; } = 20;
    /// <summary>Builds the dashboard (or another watcher) from what it may see of the proxy; null runs without one.</summary>
    public Func<ObservedProxy, IProxyObserver>? Observer { get; init; }

    /// <summary><c>serve --gateway</c>: client tokens required, admin tokens for status and metrics, a log per replica.</summary>
    public bool Gateway { get; init; }

    /// <summary>This replica's id in gateway mode; default host name and port.</summary>
    public string? Instance { get; init; }

    /// <summary>The metrics' meter; tests give each proxy its own so that proxies in one process do not add up.</summary>
    public string MeterName { get; init; } = Metrics.ProxyMetrics.DefaultMeterName;

    /// <summary>Gateway mode: <c>redis://host:port[/db]</c> shared by the replicas; null keeps everything in memory.</summary>
    public string? StateUrl { get; init; }

    /// <summary>Price of a finished request in USD, when known (budgets, cost metric).</summary>
    public Func<RequestLogEntry, decimal?>? CostOf { get; init; }
}

/// <summary>
/// The proxy for one service: a bare Kestrel server (no MVC, no routing, no logging providers) whose
/// only handler is <see cref="ProxyEndpoint"/>.
/// </summary>
internal sealed class ProxyServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ProxyRuntime _runtime;

    private ProxyServer(WebApplication app, ProxyRuntime runtime, int port)
    {
        _app = app;
        _runtime = runtime;
        Port = port;
    }

    public int Port { get; }
    public Uri BaseAddress { get; private init; } = new("http://127.0.0.1/");
    public ProxyRuntime Runtime => _runtime;

    /// <summary>Starts listening; throws <see cref="UserFacingException"/> for a bad config or a port in use.</summary>
    public static async Task<ProxyServer> StartAsync(ProxyServerOptions options, CancellationToken ct = default)
    {
        var console = new ConsoleReporter(options.Console);
        var instance = options.Gateway ? Gateway.GatewayInstance.Resolve(options.Instance, options.GetEnv, options.Port) : null;
        var app = BuildHost(options, instance);
        ProxyRuntime runtime;
        try
        {
            runtime = await BuildRuntimeAsync(options, console, instance);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        runtime = Wire(app, options, runtime, BoundPort(app));
        try
        {
            await app.StartAsync(ct);
        }
        catch (IOException ex)
        {
            await DisposeParts(runtime);
            await app.DisposeAsync();
            throw new UserFacingException($"cannot listen on {options.Host}:{options.Port}: {ex.Message} (is another proxy running? try `codex-helper status`, or --port)");
        }

        var port = BoundPort(app)();
        var server = new ProxyServer(app, runtime, port)
        {
            BaseAddress = new Uri($"http://{(options.Host is "0.0.0.0" or "::" ? "127.0.0.1" : options.Host)}:{port}/"),
        };
        Announce(options, runtime, port);

        // The start-up lines come before anything the caller prints next, unless the terminal is not reading.
        await console.FlushAsync().WaitAsync(TimeSpan.FromSeconds(1), ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return server;
    }

    /// <summary>The port the server listens on, read from the server once it does (0 before).</summary>
    private static Func<int> BoundPort(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        var known = 0;
        return () => known != 0 ? known : (known = addresses.Addresses.FirstOrDefault() is { } first ? new Uri(first).Port : 0);
    }

    /// <summary>The parts the proxy owns, wired once: configs, router, log, quota poller, gateway guard, metrics.</summary>
    private static async Task<ProxyRuntime> BuildRuntimeAsync(ProxyServerOptions options, ConsoleReporter console, string? instance)
    {
        var store = ConfigStore.For(options.Paths);
        var router = new UpstreamRouter(options.Clock);
        var configs = new ActiveConfigSource(store, options.Kind, router, console.Say, options.ConfigPollInterval);
        var shared = options.Gateway && options.StateUrl is { } stateUrl
            ? await SharedState.RedisSharedState.ConnectAsync(stateUrl, options.Kind.Name(), instance!, options.Clock, console.Say)
            : null;
        router.Reported = shared is null ? null : shared.Report;
        var logPath = instance is null ? options.Paths.RequestLog : RequestLogFiles.ForInstance(options.Paths.RequestLog, instance);
        var log = new RequestLogWriter(logPath, options.LogMaxBytes, keepFiles: 5, warn: console.Say);
        var guard = options.Gateway
            ? new Gateway.GatewayGuard(new Gateway.TokenStore(options.Paths.TokensJson, options.Clock, console.Say), shared?.Spend ?? (Gateway.ISpendLedger)new Gateway.LocalSpendLedger(), options.Kind, options.Clock)
            : null;
        var metrics = new Metrics.ProxyMetrics(
            options.MeterName,
            options.Kind.Name(),
            () => router.Snapshot().Select(u => new Metrics.UpstreamGauge(u.BaseUrl, u.State)),
            () => log.DroppedLines,
            () => console.DroppedLines);
        configs.Changed += c => console.ActiveConfigChanged(c);
        shared?.Start(new SharedHealthTarget(router));
        return new ProxyRuntime
        {
            Configs = configs,
            Router = router,
            Filter = new FilterFileSource(options.Paths.FilterJson, console.Say, options.ConfigPollInterval),
            Log = log,
            Http = new HttpMessageInvoker(CreateHandler(configs.ConnectTimeoutSecs)),
            Console = console,
            Counters = new ProxyCounters(),
            Quota = CreateQuotaPoller(options, configs, router, shared, console),
            Metrics = metrics,
            Gateway = guard,
            Instance = instance,
            Shared = shared,
        };
    }

    private static QuotaPoller CreateQuotaPoller(ProxyServerOptions options, ActiveConfigSource configs, UpstreamRouter router, SharedState.RedisSharedState? shared, ConsoleReporter console) => new(
        UsageProvidersFile.LoadOrProblem(options.Paths.UsageProvidersJson),
        new HttpClient(CreateHandler(configs.ConnectTimeoutSecs)),
        options.Clock,
        shared is null ? router.SetExhausted : (url, exhausted) =>
        {
            router.SetExhausted(url, exhausted);
            shared.ReportExhausted(url, exhausted);
        },
        console.Say,
        options.QuotaMinIntervalSecs,
        options.GetEnv);

    /// <summary>A bare Kestrel host with the metrics exporter, built but not yet handling anything.</summary>
    private static WebApplication BuildHost(ProxyServerOptions options, string? instance)
    {
        var builder = CreateKestrelBuilder(options.Host, options.Port);
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("codex-helper", serviceInstanceId: instance))
            .WithMetrics(m => m.AddMeter(options.MeterName).AddPrometheusExporter());
        return builder.Build();
    }

    /// <summary>
    /// Gives each consumer its own narrow parts, the observer (dashboard) first since the others tell it of requests,
    /// and puts the Prometheus scrape in front of the one handler, <see cref="ProxyEndpoint"/>.
    /// </summary>
    private static ProxyRuntime Wire(WebApplication app, ProxyServerOptions options, ProxyRuntime runtime, Func<int> port)
    {
        var upstreams = new UpstreamClient(runtime.Http, runtime.Configs.ConnectTimeoutSecs, options.Clock, options.GetEnv, runtime.Gateway is not null);
        var statusSource = new ProxyStatusSource(options.Kind, port, runtime.Configs, runtime.Router, runtime.Counters, options.Clock);
        var observer = options.Observer?.Invoke(new ObservedProxy
        {
            Status = statusSource, Router = runtime.Router, Configs = runtime.Configs, Upstreams = upstreams, Quota = runtime.Quota,
            Log = runtime.Log, Clock = options.Clock, GetEnv = options.GetEnv, Say = runtime.Console.Say,
        });
        var reporting = new RequestReporting
        {
            Kind = options.Kind, Clock = options.Clock, Log = runtime.Log, Counters = runtime.Counters, Metrics = runtime.Metrics,
            Console = runtime.Console, Quota = runtime.Quota, GetEnv = options.GetEnv, Observer = observer, Gateway = runtime.Gateway,
            Instance = runtime.Instance, CostOf = options.CostOf ?? (static e => e.CostUsd),
            Prices = Pricing.PriceBookLoader.Load(options.Paths.PricesJson, runtime.Console.Say),
        };
        var status = new StatusEndpoint(statusSource, runtime.Gateway, observer);
        var endpoint = new ProxyEndpoint(reporting, upstreams, runtime.Configs, runtime.Router, runtime.Filter, status);
        var metrics = runtime.Metrics;
        // Only an allowed scrape reaches the exporter; any other /metrics request falls through to the endpoint, which refuses it.
        app.UseOpenTelemetryPrometheusScrapingEndpoint(context => MetricsEndpoint.IsScrape(context) && status.Allowed(context));
        app.Run(async context =>
        {
            metrics.InFlight(1);
            try
            {
                await endpoint.HandleAsync(context);
            }
            finally
            {
                metrics.InFlight(-1);
            }
        });
        return runtime with { Observer = observer };
    }

    /// <summary>The start-up banner and a warning per upstream whose key variable is not set.</summary>
    private static void Announce(ProxyServerOptions options, ProxyRuntime runtime, int port)
    {
        // The banner names the address actually bound: 0.0.0.0 means every interface, which the user should see.
        var shownHost = options.Host.Contains(':', StringComparison.Ordinal) ? $"[{options.Host}]" : options.Host;
        var current = runtime.Configs.Current;
        runtime.Console.Started(options.Kind, $"http://{shownHost}:{port}", current);
        foreach (var upstream in current.Upstreams)
        {
            if (UpstreamKeyCheck.MissingVariable(upstream, options.GetEnv) is { } missing)
            {
                runtime.Console.Say($"  warning: upstream {upstream.BaseUrl}: {missing}; its requests go without that key");
            }
        }
    }

    /// <summary>
    /// A bare Kestrel host (no MVC, routing or logging providers) tuned for forwarding. bench/ builds its
    /// floor servers with the same call, so that they differ from the proxy only in what the handler does.
    /// </summary>
    internal static WebApplicationBuilder CreateKestrelBuilder(string host, int port)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.WebHost.UseSockets(sockets =>
        {
            // The handler never blocks, so running continuations on the socket thread saves a thread-pool hop per read.
            sockets.UnsafePreferInlineScheduling = true;
            // A request body arrives in several reads: receiving straight into a buffer halves the recv calls
            // (no zero-byte readiness read first), at the price of one pooled block per open connection.
            sockets.WaitForDataBeforeAllocatingBuffer = false;
        });
        builder.Services.AddSingleton<Microsoft.AspNetCore.Connections.IMemoryPoolFactory<byte>, LargeBlockMemoryPoolFactory>();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = null; // enforced by PooledBody with a clear 413
            kestrel.Limits.MinRequestBodyDataRate = null;
            kestrel.Limits.MinResponseDataRate = null;
            kestrel.Limits.KeepAliveTimeout = TimeSpan.FromMinutes(5);
            Listen(kestrel, host, port);
        });
        return builder;
    }

    private static void Listen(KestrelServerOptions kestrel, string host, int port)
    {
        if (host is "localhost")
        {
            kestrel.Listen(IPAddress.Loopback, port);
            return;
        }

        if (!IPAddress.TryParse(host, out var ip))
        {
            throw new UserFacingException($"--host must be an IP address (127.0.0.1, ::1, 0.0.0.0), not \"{host}\"", 2);
        }

        kestrel.Listen(ip, port);
    }

    internal static SocketsHttpHandler CreateHandler(double connectTimeoutSecs) => new()
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
        ConnectTimeout = TimeSpan.FromSeconds(connectTimeoutSecs),
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(90),
        PooledConnectionLifetime = TimeSpan.FromMinutes(10),
        EnableMultipleHttp2Connections = true,
        ActivityHeadersPropagator = null,
    };

    public Task StopAsync(CancellationToken ct = default) => _app.StopAsync(ct);

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _app.StopAsync(grace.Token);
        }
        catch (OperationCanceledException)
        {
        }

        try
        {
            await _app.DisposeAsync();
        }
        finally
        {
            await DisposeParts(_runtime);
        }
    }

    private static async Task DisposeParts(ProxyRuntime runtime)
    {
        try
        {
            if (runtime.Observer is { } observer)
            {
                await observer.DisposeAsync();
            }

            await runtime.Quota.DisposeAsync();
            if (runtime.Shared is not null)
            {
                await runtime.Shared.DisposeAsync();
            }

            await runtime.Configs.DisposeAsync();
            await runtime.Filter.DisposeAsync();
        }
        finally
        {
            // Whatever failed above, the request log is flushed and closed.
            await runtime.Log.DisposeAsync();
            runtime.Metrics.Dispose();
            runtime.Http.Dispose();
            // Last: the parts above may still have something to say.
            await runtime.Console.DisposeAsync();
        }
    }
}
