using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CodexHelper.Tests.Support;

/// <summary>What a stub upstream saw of one request.</summary>
internal sealed record SeenRequest(string Method, string Path, string Query, Dictionary<string, string> Headers, byte[] Body)
{
    public string BodyText => System.Text.Encoding.UTF8.GetString(Body);
    public string? Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var v) ? v : null;
}

/// <summary>
/// A real HTTP server on 127.0.0.1 (port 0) standing in for a relay. Each test gives it a handler;
/// it records every request it receives (headers lower-cased, body bytes).
/// </summary>
internal sealed class StubUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;

    private StubUpstream(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }
    public ConcurrentQueue<SeenRequest> Requests { get; } = new();
    public int RequestCount => Requests.Count;

    /// <summary>Set by a handler that wants to know the proxy cancelled (client went away).</summary>
    public TaskCompletionSource RequestAborted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static Task<StubUpstream> StartAsync(Func<HttpContext, SeenRequest, Task> handler) => HostAsync(self => async context =>
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        var seen = new SeenRequest(
            context.Request.Method,
            context.Request.Path.Value ?? "",
            context.Request.QueryString.Value ?? "",
            context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()),
            buffer.ToArray());
        var stub = self();
        stub.Requests.Enqueue(seen);
        context.RequestAborted.Register(() => stub.RequestAborted.TrySetResult());
        await handler(context, seen);
    });

    /// <summary>A stub whose handler runs before the request body is read (an upstream that answers early).</summary>
    public static Task<StubUpstream> StartRawAsync(Func<HttpContext, Task> handler) => HostAsync(_ => new RequestDelegate(handler));

    /// <summary>Starts Kestrel on 127.0.0.1:0; the handler reaches the stub through <c>self</c> once it exists.</summary>
    private static async Task<StubUpstream> HostAsync(Func<Func<StubUpstream>, RequestDelegate> makeHandler)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(System.Net.IPAddress.Loopback, 0);
            k.Limits.MaxRequestBodySize = null;
        });
        var app = builder.Build();
        StubUpstream? self = null;
        app.Run(makeHandler(() => self!));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        self = new StubUpstream(app, address.TrimEnd('/'));
        return self;
    }

    public static Task<StubUpstream> JsonAsync(int status, string json) => StartAsync(async (ctx, _) =>
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json";
        await ctx.Response.WriteAsync(json);
    });

    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await _app.StopAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
        }

        await _app.DisposeAsync();
    }
}
