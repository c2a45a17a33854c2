using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace CodexHelper.Dashboard;

/// <summary>
/// Reads a running proxy's dashboard the way the page does (<c>top</c> uses it): the token from the page,
/// then the event stream and the JSON API. Loopback only.
/// </summary>
internal sealed partial class DashboardClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly string _token;

    private DashboardClient(HttpClient http, string token)
    {
        _http = http;
        _token = token;
    }

    public static async Task<DashboardClient> ConnectAsync(int port, CancellationToken ct)
    {
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/__codex_helper/"), Timeout = Timeout.InfiniteTimeSpan };
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            var page = await http.GetStringAsync("ui", timeout.Token);
            var match = TokenMeta().Match(page);
            if (!match.Success)
            {
                throw new UserFacingException($"the proxy on port {port} serves no dashboard (an older codex-helper?)");
            }

            http.DefaultRequestHeaders.Add(DashboardGuard.TokenHeader, match.Groups[1].Value);
            return new DashboardClient(http, match.Groups[1].Value);
        }
        catch (HttpRequestException ex)
        {
            http.Dispose();
            throw new UserFacingException($"cannot read the dashboard on port {port}: {ex.Message}");
        }
        catch
        {
            http.Dispose();
            throw;
        }
    }

    public async Task<TodayReport> TodayAsync(CancellationToken ct)
    {
        await using var body = await _http.GetStreamAsync("api/today", ct);
        return await JsonSerializer.DeserializeAsync(body, DashboardJsonContext.Default.TodayReport, ct) ?? new TodayReport();
    }

    /// <summary>Runs one dashboard action in the proxy (the same code as the page's buttons).</summary>
    public async Task<ActionResult> ActAsync(DashboardAction action, CancellationToken ct)
    {
        using var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(action, DashboardJsonContext.Default.DashboardAction));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await _http.PostAsync("api/action", content, ct);
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        try
        {
            return await JsonSerializer.DeserializeAsync(body, DashboardJsonContext.Default.ActionResult, ct)
                ?? new ActionResult { Message = $"the proxy answered {(int)response.StatusCode} without a result" };
        }
        catch (JsonException)
        {
            return new ActionResult { Message = $"the proxy answered {(int)response.StatusCode} {response.ReasonPhrase}" };
        }
    }

    /// <summary>Server-Sent Events as (event name, JSON data) until the stream ends or <paramref name="ct"/> fires.</summary>
    public async IAsyncEnumerable<(string Event, string Data)> EventsAsync([EnumeratorCancellation] CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "events?token=" + Uri.EscapeDataString(_token));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        using var reader = new StreamReader(stream);
        var name = "message";
        var data = "";
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Length > 0)
                {
                    yield return (name, data);
                }

                name = "message";
                data = "";
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = line[6..];
            }
        }
    }

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("<meta name=\"codex-helper-token\" content=\"([0-9a-f]+)\">")]
    private static partial Regex TokenMeta();
}
