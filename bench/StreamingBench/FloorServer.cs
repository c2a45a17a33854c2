using System.Buffers;
using System.Net;
using CodexHelper.Configuration;
using CodexHelper.Proxy.Hosting;

namespace StreamingBench;

/// <summary>
/// Two reference servers for the throughput part, built on the proxy's own Kestrel set-up
/// (<see cref="ProxyServer.CreateKestrelBuilder"/>) so that only the handler differs:
/// <list type="bullet">
/// <item><c>sink</c> reads the request body and answers a fixed response itself, with no upstream at all:
/// what the server framework costs per request before any forwarding.</item>
/// <item><c>forward</c> is the straightforward forwarder: body into a pooled array, HttpClient (the proxy's
/// handler settings) to the upstream, response streamed back. No filter, log, usage scan or routing.</item>
/// </list>
/// </summary>
internal static class FloorServer
{
    public static async Task<int> RunAsync(Options options)
    {
        var mode = options.Require("mode");
        var port = options.GetInt("port", 0);
        var builder = ProxyServer.CreateKestrelBuilder("127.0.0.1", port);
        var app = builder.Build();
        switch (mode)
        {
            case "sink":
                var answer = await File.ReadAllBytesAsync(options.Require("answer"));
                app.Run(ctx => SinkAsync(ctx, answer));
                break;
            case "forward":
                var upstream = new Uri(options.Require("upstream").TrimEnd('/') + "/");
                var http = new HttpMessageInvoker(ProxyServer.CreateHandler(RoutingOptions.Default.ConnectTimeoutSecs));
                app.Run(ctx => ForwardAsync(ctx, http, upstream));
                break;
            default:
                throw new BenchException($"--mode must be sink or forward, not {mode}");
        }

        await app.RunAsync();
        return 0;
    }

    private static async Task SinkAsync(HttpContext ctx, byte[] answer)
    {
        var body = await ReadBodyAsync(ctx.Request);
        ArrayPool<byte>.Shared.Return(body.Array!);
        ctx.Response.ContentType = "application/json";
        ctx.Response.ContentLength = answer.Length;
        await ctx.Response.BodyWriter.WriteAsync(answer, ctx.RequestAborted);
    }

    private static async Task ForwardAsync(HttpContext ctx, HttpMessageInvoker http, Uri upstream)
    {
        var body = await ReadBodyAsync(ctx.Request);
        try
        {
            using var message = new HttpRequestMessage(HttpMethod.Parse(ctx.Request.Method), new Uri(upstream, ctx.Request.Path.Value!.TrimStart('/')))
            {
                Version = HttpVersion.Version11,
                Content = new ReadOnlyMemoryContent(body),
            };
            message.Content.Headers.TryAddWithoutValidation("Content-Type", ctx.Request.ContentType);
            using var response = await http.SendAsync(message, ctx.RequestAborted);
            ctx.Response.StatusCode = (int)response.StatusCode;
            ctx.Response.ContentType = response.Content.Headers.ContentType?.ToString();
            ctx.Response.ContentLength = response.Content.Headers.ContentLength;
            await using var stream = await response.Content.ReadAsStreamAsync(ctx.RequestAborted);
            var writer = ctx.Response.BodyWriter;
            while (true)
            {
                var memory = writer.GetMemory(16 * 1024);
                var read = await stream.ReadAsync(memory, ctx.RequestAborted);
                if (read == 0)
                {
                    break;
                }

                writer.Advance(read);
                await writer.FlushAsync(ctx.RequestAborted);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(body.Array!);
        }
    }

    private static async Task<ArraySegment<byte>> ReadBodyAsync(HttpRequest request)
    {
        var length = (int)(request.ContentLength ?? 0);
        var array = ArrayPool<byte>.Shared.Rent(Math.Max(length, 1));
        var read = 0;
        while (read < length)
        {
            var n = await request.Body.ReadAsync(array.AsMemory(read, length - read));
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        return new ArraySegment<byte>(array, 0, read);
    }
}
