using System.Text.RegularExpressions;

namespace StreamingBench;

/// <summary>
/// One dashboard viewer, as a browser tab would be: reads the page for its token, then keeps the event stream
/// open and reads every event (counting requests and drop notices).
/// </summary>
internal sealed partial class DashboardViewerClient : IAsyncDisposable
{
    private readonly HttpClient _http = new() { Timeout = Timeout.InfiniteTimeSpan };
    private readonly CancellationTokenSource _stop = new();
    private Task? _reading;
    private long _requests;
    private long _dropped;

    public long Requests => Interlocked.Read(ref _requests);
    public long Dropped => Interlocked.Read(ref _dropped);

    public static async Task<DashboardViewerClient> ConnectAsync(string helperBaseUrl)
    {
        var viewer = new DashboardViewerClient();
        var page = await viewer._http.GetStringAsync(helperBaseUrl + "/__codex_helper/ui");
        var token = Token().Match(page).Groups[1].Value;
        if (token.Length == 0)
        {
            throw new BenchException("the helper serves no dashboard page with a token");
        }

        var response = await viewer._http.SendAsync(new HttpRequestMessage(HttpMethod.Get, $"{helperBaseUrl}/__codex_helper/events?token={token}"), HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        var stream = await response.Content.ReadAsStreamAsync();
        viewer._reading = viewer.ReadAsync(response, stream);
        return viewer;
    }

    private async Task ReadAsync(HttpResponseMessage response, Stream stream)
    {
        using (response)
        using (var reader = new StreamReader(stream))
        {
            try
            {
                while (await reader.ReadLineAsync(_stop.Token) is { } line)
                {
                    if (line == "event: request")
                    {
                        Interlocked.Increment(ref _requests);
                    }
                    else if (line.StartsWith("data: {\"dropped\":", StringComparison.Ordinal))
                    {
                        Interlocked.Add(ref _dropped, long.Parse(line.AsSpan(17, line.Length - 18), System.Globalization.CultureInfo.InvariantCulture));
                    }
                }
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or HttpRequestException)
            {
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_reading is not null)
        {
            await _reading;
        }

        _http.Dispose();
        _stop.Dispose();
    }

    [GeneratedRegex("codex-helper-token\" content=\"([0-9a-f]+)\"")]
    private static partial Regex Token();
}
