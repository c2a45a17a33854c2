using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace CodexHelper.Tests.Chaos;

/// <summary>What a <see cref="FaultyUpstream"/> does with one request.</summary>
internal enum Fault
{
    None,
    Status500,
    Status429,
    Status429RetryAfter,
    CloseBeforeHeaders,
    Hang,
}

/// <summary>
/// A relay on a fixed loopback port that injects a fault per request (chosen by <see cref="Choose"/>) and whose
/// listener can go away (connections refused) and come back on the same port. Healthy answers are short SSE
/// streams ending in <c>response.completed</c> with usage, as the Responses API sends them.
/// </summary>
internal sealed class FaultyUpstream : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly long[] _faults = new long[Enum.GetValues<Fault>().Length];
    private WebApplication? _app;

    private FaultyUpstream(int port) => Port = port;

    public int Port { get; }
    public string BaseUrl => $"http://127.0.0.1:{Port}/v1";

    /// <summary>Picks the fault for each request, given its path; healthy by default.</summary>
    public Func<string, Fault> Choose { get; set; } = _ => Fault.None;

    public bool IsUp
    {
        get
        {
            lock (_gate)
            {
                return _app is not null;
            }
        }
    }

    public long Count(Fault fault) => Interlocked.Read(ref _faults[(int)fault]);

    public long Injected => _faults.Skip(1).Sum();

    public long Served => Count(Fault.None);

    public static async Task<FaultyUpstream> StartAsync()
    {
        var upstream = new FaultyUpstream(Support.FreePort.Get());
        await upstream.UpAsync();
        return upstream;
    }

    /// <summary>Starts listening again on the same port.</summary>
    public async Task UpAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, Port));
        var app = builder.Build();
        app.Run(HandleAsync);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await app.StartAsync();
                break;
            }
            catch (IOException) when (attempt < 50)
            {
                await Task.Delay(20); // the old listener's socket is still being released
            }
        }

        lock (_gate)
        {
            _app = app;
        }
    }

    /// <summary>Stops listening: new connections are refused, in-flight answers get a moment to finish.</summary>
    public async Task DownAsync()
    {
        WebApplication? app;
        lock (_gate)
        {
            app = _app;
            _app = null;
        }

        if (app is null)
        {
            return;
        }

        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await app.StopAsync(grace.Token);
        }
        catch (OperationCanceledException)
        {
        }

        await app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        await context.Request.Body.CopyToAsync(Stream.Null);
        var fault = Choose(context.Request.Path.Value ?? "");
        Interlocked.Increment(ref _faults[(int)fault]);
        switch (fault)
        {
            case Fault.Status500:
                context.Response.StatusCode = 500;
                await context.Response.WriteAsync("""{"error":{"message":"injected 500"}}""");
                return;
            case Fault.Status429:
                context.Response.StatusCode = 429;
                await context.Response.WriteAsync("""{"error":{"message":"injected 429"}}""");
                return;
            case Fault.Status429RetryAfter:
                context.Response.StatusCode = 429;
                context.Response.Headers.RetryAfter = "1";
                await context.Response.WriteAsync("""{"error":{"message":"injected 429 with Retry-After"}}""");
                return;
            case Fault.CloseBeforeHeaders:
                context.Abort();
                return;
            case Fault.Hang:
                try
                {
                    await Task.Delay(Timeout.Infinite, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                }

                return;
        }

        context.Response.ContentType = "text/event-stream";
        await context.Response.StartAsync();
        await context.Response.WriteAsync("event: response.created\ndata: {\"type\":\"response.created\"}\n\n");
        await context.Response.Body.FlushAsync();
        await context.Response.WriteAsync("event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"delta\":\"hi\"}\n\n");
        await context.Response.WriteAsync("event: response.completed\ndata: {\"type\":\"response.completed\",\"response\":{\"usage\":{\"input_tokens\":3,\"output_tokens\":2,\"total_tokens\":5}}}\n\n");
    }

    public async ValueTask DisposeAsync() => await DownAsync();
}
