using System.Net;

namespace CodexHelper.Tests.Chaos;

/// <summary>What the clients of one chaos run saw.</summary>
internal sealed record ChaosResult(int Requests, int Completed, int FailedBeforeFirstByte, int BrokenAfterFirstByte, IReadOnlyList<string> Samples);

/// <summary>
/// Drives <c>requests</c> streaming requests through the proxy from <c>clients</c> concurrent clients. Each
/// request has its own path (<c>/v1/chaos/RUN-N/responses</c>), so the log can be checked for exactly one line each.
/// A failure before the first byte is any answer other than a 200 stream (or no answer); a failure after it is a
/// 200 stream that does not end with <c>response.completed</c>.
/// </summary>
internal static class ChaosLoad
{
    /// <summary>Requests per scenario: CODEX_HELPER_CHAOS_REQUESTS, or a CI default that fits 2 cores.</summary>
    public static int RequestCount(int ciDefault) =>
        int.TryParse(Environment.GetEnvironmentVariable("CODEX_HELPER_CHAOS_REQUESTS"), out var n) && n > 0 ? n : ciDefault;

    public static async Task<ChaosResult> RunAsync(Uri proxy, string run, int requests, int clients, CancellationToken ct)
    {
        using var handler = new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2) };
        using var http = new HttpClient(handler) { BaseAddress = proxy, Timeout = TimeSpan.FromSeconds(60) };
        var next = -1;
        int completed = 0, before = 0, after = 0;
        var samples = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var body = """{"model":"gpt-chaos","stream":true,"input":"hello"}"""u8.ToArray();

        async Task ClientAsync()
        {
            int n;
            while ((n = Interlocked.Increment(ref next)) < requests)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/chaos/{run}-{n}/responses") { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new("application/json");
                HttpResponseMessage response;
                try
                {
                    response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
                }
                catch (HttpRequestException ex)
                {
                    Interlocked.Increment(ref before);
                    Note(samples, $"#{n}: no answer: {ex.Message}");
                    continue;
                }

                using (response)
                {
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        Interlocked.Increment(ref before);
                        Note(samples, $"#{n}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
                        continue;
                    }

                    try
                    {
                        var text = await response.Content.ReadAsStringAsync(ct);
                        if (text.Contains("response.completed", StringComparison.Ordinal))
                        {
                            Interlocked.Increment(ref completed);
                        }
                        else
                        {
                            Interlocked.Increment(ref after);
                            Note(samples, $"#{n}: stream ended early");
                        }
                    }
                    catch (Exception ex) when (ex is HttpRequestException or IOException)
                    {
                        Interlocked.Increment(ref after);
                        Note(samples, $"#{n}: stream broke: {ex.Message}");
                    }
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(ClientAsync, ct)));
        return new ChaosResult(requests, completed, before, after, [.. samples]);
    }

    private static void Note(System.Collections.Concurrent.ConcurrentQueue<string> samples, string line)
    {
        if (samples.Count < 10)
        {
            samples.Enqueue(line);
        }
    }
}
