using System.Buffers.Text;
using System.Diagnostics;
using System.Net.Http.Headers;

namespace StreamingBench;

/// <summary>One streamed response: per-event latency (arrival minus the upstream's send stamp) and time to first event.</summary>
internal sealed record StreamResult(double[] EventLatencyMs, double FirstEventMs, long Bytes)
{
    /// <summary>Request start to the first content event (the second one: the first is <c>response.created</c>).</summary>
    public double FirstContentMs { get; init; } = double.NaN;
}

/// <summary>POSTs a Responses request and reads the SSE answer, stamping each complete event on arrival.</summary>
internal static class SseClient
{
    private static readonly byte[] StampKey = "\"bench_t\":"u8.ToArray();
    private static readonly byte[] TextStamp = "bench_t="u8.ToArray();

    public static HttpClient Create() => new(new SocketsHttpHandler
    {
        UseProxy = false,
        AutomaticDecompression = System.Net.DecompressionMethods.None,
        MaxConnectionsPerServer = int.MaxValue,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public static HttpRequestMessage Request(string url, byte[] body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        return request;
    }

    public static async Task<StreamResult> ReadStampedAsync(HttpClient client, string url, byte[] body, Action<HttpRequestMessage>? configure = null, CancellationToken ct = default)
    {
        var start = Stopwatch.GetTimestamp();
        using var request = Request(url, body);
        configure?.Invoke(request);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new BenchException($"{url} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
        }

        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        var latencies = new List<double>(256);
        var first = double.NaN;
        var firstContent = double.NaN;
        var pending = new byte[256 * 1024];
        var count = 0;
        long bytes = 0;
        while (true)
        {
            if (count == pending.Length)
            {
                Array.Resize(ref pending, pending.Length * 2);
            }

            var n = await stream.ReadAsync(pending.AsMemory(count), ct);
            if (n == 0)
            {
                break;
            }

            var arrival = Stopwatch.GetTimestamp();
            bytes += n;
            count += n;
            var consumed = 0;
            while (true)
            {
                var rest = pending.AsSpan(consumed, count - consumed);
                var end = rest.IndexOf("\n\n"u8);
                if (end < 0)
                {
                    break;
                }

                var ev = rest[..end];
                if (Stamp(ev) is var sent && sent > 0)
                {
                    latencies.Add(Stopwatch.GetElapsedTime(sent, arrival).TotalMilliseconds);
                    if (double.IsNaN(first))
                    {
                        first = Stopwatch.GetElapsedTime(start, arrival).TotalMilliseconds;
                    }
                    else if (double.IsNaN(firstContent))
                    {
                        firstContent = Stopwatch.GetElapsedTime(start, arrival).TotalMilliseconds;
                    }
                }

                consumed += end + 2;
            }

            pending.AsSpan(consumed, count - consumed).CopyTo(pending);
            count -= consumed;
        }

        return new StreamResult([.. latencies], first, bytes) { FirstContentMs = firstContent };
    }

    /// <summary>
    /// The send stamp of one event: a <c>"bench_t"</c> field, or a <c>bench_t=</c> stamp in a delta's text (the
    /// translation mode). An event that repeats the whole text so far (Responses' done events) holds several text
    /// stamps and is not a delta: 0.
    /// </summary>
    private static long Stamp(ReadOnlySpan<byte> ev)
    {
        var at = ev.IndexOf(StampKey);
        if (at >= 0)
        {
            return Utf8Parser.TryParse(ev[(at + StampKey.Length)..], out long field, out _) ? field : 0;
        }

        at = ev.IndexOf(TextStamp);
        if (at < 0)
        {
            return 0;
        }

        var rest = ev[(at + TextStamp.Length)..];
        return rest.IndexOf(TextStamp) < 0 && Utf8Parser.TryParse(rest, out long text, out _) ? text : 0;
    }

    /// <summary>Reads and discards the whole body; returns its size.</summary>
    public static async Task<long> DrainAsync(HttpClient client, string url, byte[] body, Action? onFirstByte = null, Action<HttpRequestMessage>? configure = null, CancellationToken ct = default)
    {
        using var request = Request(url, body);
        configure?.Invoke(request);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new BenchException($"{url} answered {(int)response.StatusCode}");
        }

        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        var buffer = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = await stream.ReadAsync(buffer, ct)) > 0)
        {
            if (total == 0)
            {
                onFirstByte?.Invoke();
            }

            total += n;
        }

        return total;
    }

    /// <summary>A small Codex-like streaming request.</summary>
    public static byte[] SmallRequestBody() => """
        {"model":"gpt-5-codex","instructions":"You are Codex.","input":[{"type":"message","role":"user","content":[{"type":"input_text","text":"Say hello to secret-corp.com"}]}],"stream":true,"store":false}
        """u8.ToArray();
}

internal static class Stats
{
    /// <summary>Percentile with linear interpolation between closest ranks (p in 0..100).</summary>
    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        var rank = p / 100 * (sorted.Length - 1);
        var lo = (int)Math.Floor(rank);
        var hi = (int)Math.Ceiling(rank);
        return sorted[lo] + ((sorted[hi] - sorted[lo]) * (rank - lo));
    }

    public static string Ms(double v) => v.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);

    public static string Mb(double v) => v.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);
}
