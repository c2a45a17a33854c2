using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace StreamingBench;

/// <summary>
/// The fake Responses API on 127.0.0.1:0. <c>/stream/…</c> sends SSE events at a fixed pace, each stamped with
/// the Stopwatch time it was written (<c>"bench_t"</c>); <c>/big/…</c> sends a large SSE body as fast as it can.
/// </summary>
internal sealed class Upstream : IAsyncDisposable
{
    private readonly WebApplication _app;

    private Upstream(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    public static async Task<Upstream> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(System.Net.IPAddress.Loopback, 0);
            k.Limits.MaxRequestBodySize = null;
        });
        var app = builder.Build();
        app.Run(HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Upstream(app, address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
    }

    private static async Task HandleAsync(HttpContext ctx)
    {
        var ct = ctx.RequestAborted;
        await ctx.Request.Body.CopyToAsync(Stream.Null, ct);
        ctx.Response.ContentType = "text/event-stream";
        ctx.Response.Headers.CacheControl = "no-cache";
        var path = ctx.Request.Path.Value ?? "";
        try
        {
            if (ctx.Request.Headers.UserAgent.ToString() is { } agent && agent.StartsWith(WireAgent.Prefix, StringComparison.Ordinal))
            {
                await SendWireAsync(ctx, path, WireAgent.Parse(agent), ct);
            }
            else if (path.StartsWith("/big", StringComparison.Ordinal))
            {
                await SendBigAsync(ctx, QueryInt(ctx, "mb", 200), ct);
            }
            else
            {
                await SendPacedAsync(ctx, QueryInt(ctx, "events", 200), QueryInt(ctx, "interval", 10), ct);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (IOException)
        {
        }
    }

    private static int QueryInt(HttpContext ctx, string key, int fallback) =>
        int.TryParse(ctx.Request.Query[key], NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : fallback;

    private static async Task SendPacedAsync(HttpContext ctx, int events, int intervalMs, CancellationToken ct)
    {
        await ctx.Response.StartAsync(ct);
        var body = ctx.Response.Body;
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < events; i++)
        {
            // Pace against the start time, not the previous write, so that slow writes do not accumulate drift.
            var due = start + (long)(i * (double)intervalMs * Stopwatch.Frequency / 1000);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, ct);
            }

            var bytes = Encoding.UTF8.GetBytes(Event(i, events, Stopwatch.GetTimestamp()));
            await body.WriteAsync(bytes, ct);
            await body.FlushAsync(ct);
        }
    }

    private static string Event(int i, int count, long stamp)
    {
        if (i == 0)
        {
            return $$"""
                event: response.created
                data: {"type":"response.created","sequence_number":0,"response":{"id":"resp_bench","object":"response","status":"in_progress","model":"gpt-5-codex"},"bench_t":{{stamp}}}


                """.Replace("\r", "", StringComparison.Ordinal);
        }

        if (i == count - 1)
        {
            return $$$"""
                event: response.completed
                data: {"type":"response.completed","sequence_number":{{{i}}},"response":{"id":"resp_bench","object":"response","status":"completed","model":"gpt-5-codex","usage":{"input_tokens":41230,"input_tokens_details":{"cached_tokens":40960},"output_tokens":312,"output_tokens_details":{"reasoning_tokens":128},"total_tokens":41542}},"bench_t":{{{stamp}}}}


                """.Replace("\r", "", StringComparison.Ordinal);
        }

        return $$"""
            event: response.output_text.delta
            data: {"type":"response.output_text.delta","sequence_number":{{i}},"item_id":"msg_bench","output_index":0,"content_index":0,"delta":"token {{i}} of the answer ","bench_t":{{stamp}}}


            """.Replace("\r", "", StringComparison.Ordinal);
    }

    /// <summary>
    /// A text answer in the protocol of the path the request came to (a translating proxy asks for its upstream's
    /// own path), one flush per event: paced and stamped in the text (the only field every translation keeps), or
    /// as fast as it goes.
    /// </summary>
    private static async Task SendWireAsync(HttpContext ctx, string path, WireAgent agent, CancellationToken ct)
    {
        var protocol = path.EndsWith("/chat/completions", StringComparison.Ordinal) ? "chat"
            : path.EndsWith("/messages", StringComparison.Ordinal) ? "anthropic" : "responses";
        var stream = new WireStream(protocol, WireShape.Text);
        await ctx.Response.StartAsync(ct);
        var body = ctx.Response.Body;
        await WriteAsync(body, stream.Head(), ct);
        var start = Stopwatch.GetTimestamp();
        var i = 0;
        foreach (var piece in WireStream.TextPieces(agent.Deltas))
        {
            if (agent.Paced)
            {
                var due = start + (long)((i + 1) * (double)agent.IntervalMs * Stopwatch.Frequency / 1000);
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, ct);
                }
            }

            await WriteAsync(body, stream.Delta(agent.Paced ? WireAgent.Stamp(Stopwatch.GetTimestamp()) + piece : piece), ct);
            i++;
        }

        await WriteAsync(body, stream.Tail(), ct);
    }

    private static async Task WriteAsync(Stream body, string text, CancellationToken ct)
    {
        await body.WriteAsync(Encoding.UTF8.GetBytes(text), ct);
        await body.FlushAsync(ct);
    }

    private static async Task SendBigAsync(HttpContext ctx, int megabytes, CancellationToken ct)
    {
        // 8 KiB SSE events: a long answer streamed fast, so the usage scanner sees real event framing.
        var payload = new string('x', 8 * 1024 - 120);
        var chunk = Encoding.UTF8.GetBytes(
            $"event: response.output_text.delta\ndata: {{\"type\":\"response.output_text.delta\",\"delta\":\"{payload}\"}}\n\n");
        var total = (long)megabytes * 1024 * 1024;
        await ctx.Response.StartAsync(ct);
        var body = ctx.Response.Body;
        for (long sent = 0; sent < total; sent += chunk.Length)
        {
            await body.WriteAsync(chunk, ct);
        }

        var done = Encoding.UTF8.GetBytes(Event(1, 2, 0));
        await body.WriteAsync(done, ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
