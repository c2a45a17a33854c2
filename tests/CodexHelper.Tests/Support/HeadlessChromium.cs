using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace CodexHelper.Tests.Support;

/// <summary>
/// A real headless Chromium (Debian's <c>chromium</c>; <c>CODEX_HELPER_CHROMIUM</c> overrides the path) driven over
/// its DevTools protocol on a loopback WebSocket: navigate, evaluate JavaScript, wait for a condition. A temp
/// profile per instance; the process is killed on dispose.
/// </summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _profile;
    private readonly ClientWebSocket _socket = new();
    private int _nextId;

    private HeadlessChromium(Process process, string profile)
    {
        _process = process;
        _profile = profile;
    }

    public static string ExecutablePath => Environment.GetEnvironmentVariable("CODEX_HELPER_CHROMIUM") is { Length: > 0 } p ? p : "/usr/bin/chromium";

    public static async Task<HeadlessChromium> StartAsync(int width = 1400, int height = 1000)
    {
        SystemTool.Require(ExecutablePath, "chromium");
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"{ExecutablePath} is missing: install Debian's chromium package (.ci/run does) or set CODEX_HELPER_CHROMIUM");
        }

        var profile = Directory.CreateTempSubdirectory("codex-helper-chromium-").FullName;
        var start = new ProcessStartInfo(ExecutablePath)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                     "--no-default-browser-check", "--disable-extensions", "--remote-debugging-address=127.0.0.1",
                     "--remote-debugging-port=0", $"--user-data-dir={profile}", $"--window-size={width},{height}", "about:blank",
                 })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        var browser = new HeadlessChromium(process, profile);
        try
        {
            var endpoint = await ReadDevToolsPortAsync(process);
            using var http = new HttpClient();
            JsonArray targets = [];
            for (var i = 0; i < 100 && !targets.Any(t => t!["type"]!.GetValue<string>() == "page"); i++)
            {
                targets = JsonNode.Parse(await http.GetStringAsync($"http://127.0.0.1:{endpoint}/json/list"))!.AsArray();
                await Task.Delay(50);
            }

            var page = targets.First(t => t!["type"]!.GetValue<string>() == "page")!["webSocketDebuggerUrl"]!.GetValue<string>();
            await browser._socket.ConnectAsync(new Uri(page), CancellationToken.None);
            await browser.SendAsync("Page.enable");
            await browser.SendAsync("Runtime.enable");
            return browser;
        }
        catch
        {
            await browser.DisposeAsync();
            throw;
        }
    }

    private static async Task<int> ReadDevToolsPortAsync(Process process)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var seen = new StringBuilder();
        while (await process.StandardError.ReadLineAsync(timeout.Token) is { } line)
        {
            seen.AppendLine(line);
            const string marker = "DevTools listening on ws://127.0.0.1:";
            var at = line.IndexOf(marker, StringComparison.Ordinal);
            if (at >= 0)
            {
                var rest = line[(at + marker.Length)..];
                _ = process.StandardError.ReadToEndAsync(CancellationToken.None); // keep draining, or Chromium blocks on a full pipe
                return int.Parse(rest[..rest.IndexOf('/', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        throw new InvalidOperationException("chromium did not start its DevTools endpoint:\n" + seen);
    }

    public async Task NavigateAsync(string url)
    {
        await SendAsync("Page.navigate", new JsonObject { ["url"] = url });
        await WaitForAsync("document.readyState === 'complete' && location.href === " + Js(url), "page load of " + url);
    }

    /// <summary>Evaluates an expression in the page (promises awaited) and returns its value as JSON.</summary>
    public async Task<JsonNode?> EvaluateAsync(string expression)
    {
        var result = await SendAsync("Runtime.evaluate", new JsonObject
        {
            ["expression"] = expression,
            ["returnByValue"] = true,
            ["awaitPromise"] = true,
        });
        if (result["exceptionDetails"] is { } error)
        {
            throw new InvalidOperationException($"page threw: {error.ToJsonString()}");
        }

        return result["result"]?["value"]?.DeepClone();
    }

    /// <summary>Polls a boolean expression until it holds (a generous bound: the machine is shared and slow).</summary>
    public async Task WaitForAsync(string condition, string what, int timeoutSeconds = 30)
    {
        var until = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            JsonNode? value = null;
            try
            {
                value = await EvaluateAsync("!!(" + condition + ")");
            }
            catch (InvalidOperationException) when (DateTime.UtcNow < until)
            {
                // A navigation in progress destroys the context; try again.
            }

            if (value?.GetValue<bool>() == true)
            {
                return;
            }

            if (DateTime.UtcNow > until)
            {
                var body = await EvaluateAsync("document.body ? document.body.innerText.slice(0, 3000) : ''");
                throw new TimeoutException($"waited for {what}; the page shows:\n{body}");
            }

            await Task.Delay(100);
        }
    }

    public async Task<byte[]> ScreenshotAsync()
    {
        var result = await SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png", ["captureBeyondViewport"] = true });
        return Convert.FromBase64String(result["data"]!.GetValue<string>());
    }

    public static string Js(string text) => System.Text.Json.JsonSerializer.Serialize(text, TestJson.Default.String);

    private async Task<JsonObject> SendAsync(string method, JsonObject? parameters = null)
    {
        var id = ++_nextId;
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
        await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var buffer = new byte[64 * 1024];
        while (true)
        {
            using var text = new MemoryStream();
            WebSocketReceiveResult received;
            do
            {
                received = await _socket.ReceiveAsync(buffer, timeout.Token);
                text.Write(buffer, 0, received.Count);
            }
            while (!received.EndOfMessage);

            var reply = JsonNode.Parse(text.ToArray())!.AsObject();
            if (reply["id"]?.GetValue<int>() != id)
            {
                continue; // an event, or the answer to nothing we wait for
            }

            if (reply["error"] is { } error)
            {
                throw new InvalidOperationException($"{method} failed: {error.ToJsonString()}");
            }

            return reply["result"]!.AsObject();
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, quick.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
        finally
        {
            _socket.Dispose();
            try
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
            }
            catch (Exception ex) when (ex is InvalidOperationException or OperationCanceledException)
            {
            }

            _process.Dispose();
            try
            {
                Directory.Delete(_profile, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class TestJson : System.Text.Json.Serialization.JsonSerializerContext;
