using System.Net.Sockets;
using System.Net;
using System.Text.Json;
using System.Text;
using CodexHelper.Proxy.LocalAnswers;
using CodexHelper.Proxy.Reporting;

namespace CodexHelper.Diagnostics;

internal enum ProxyState
{
    /// <summary>Nothing listens on the port.</summary>
    NotRunning,

    /// <summary>A codex-helper proxy answered its status endpoint.</summary>
    Running,

    /// <summary>Something else holds the port (or it did not answer in time).</summary>
    Foreign,
}

internal sealed record ProxyProbeResult(int Port, ProxyState State, ProxyStatus? Status, string? Detail);

/// <summary>
/// Asks <c>GET /__codex_helper/status</c> on 127.0.0.1 over a bare socket. HTTP/1.0 makes the server close
/// the connection after one un-chunked body, so reading to the end is the whole protocol; HttpClient's start-up
/// cost would take a large share of the time <c>status</c> may spend.
/// </summary>
internal static class ProxyProbe
{
    /// <summary>
    /// For connecting. On loopback a refusal is immediate, so this bound is only reached on a starved machine,
    /// where a tight one would misreport a free port as held.
    /// </summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Once connected, a warm proxy answers in a few milliseconds, but one that has just started (or a busy
    /// machine) may need a few hundred; calling it "another program" too early would be a false alarm.
    /// </summary>
    public static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(2);

    public static async Task<ProxyProbeResult> ProbeAsync(int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), deadline.Token);
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionRefused)
        {
            return new ProxyProbeResult(port, ProxyState.NotRunning, null, null);
        }
        catch (SocketException ex)
        {
            return new ProxyProbeResult(port, ProxyState.NotRunning, null, ex.SocketErrorCode.ToString());
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ProxyProbeResult(port, ProxyState.Foreign, null, "the port does not accept connections in time");
        }

        deadline.CancelAfter(timeout > AnswerTimeout ? timeout : AnswerTimeout);
        try
        {
            var request = Encoding.ASCII.GetBytes($"GET {StatusEndpoint.InternalPrefix}/status HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\nAccept: application/json\r\n\r\n");
            await socket.SendAsync(request, SocketFlags.None, deadline.Token);
            using var response = new MemoryStream();
            var buffer = new byte[8192];
            int read;
            while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, deadline.Token)) > 0)
            {
                response.Write(buffer, 0, read);
                if (response.Length > 1024 * 1024)
                {
                    break;
                }
            }

            return Interpret(port, response.GetBuffer().AsSpan(0, (int)response.Length));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ProxyProbeResult(port, ProxyState.Foreign, null, "something listens but does not answer like codex-helper");
        }
        catch (SocketException ex)
        {
            return new ProxyProbeResult(port, ProxyState.Foreign, null, $"connection failed: {ex.SocketErrorCode}");
        }
    }

    internal static ProxyProbeResult Interpret(int port, ReadOnlySpan<byte> response)
    {
        var split = response.IndexOf("\r\n\r\n"u8);
        var statusLine = response[..Math.Max(0, response.IndexOf("\r\n"u8))];
        if (split < 0 || !statusLine.StartsWith("HTTP/1."u8) || statusLine.Length < 12 || !statusLine[9..12].SequenceEqual("200"u8))
        {
            var what = statusLine.StartsWith("HTTP/"u8) ? $"an HTTP server answered \"{Encoding.ASCII.GetString(statusLine)}\"" : "it does not speak HTTP";
            if (split > 0 && response[(split + 4)..].IndexOf("codex-helper gateway"u8) >= 0)
            {
                what = "a codex-helper gateway (serve --gateway): its status needs an admin token";
            }

            return new ProxyProbeResult(port, ProxyState.Foreign, null, what);
        }

        try
        {
            var status = JsonSerializer.Deserialize(response[(split + 4)..], ProxyStatusJsonContext.Default.ProxyStatus);
            if (status is { Service.Length: > 0 })
            {
                return new ProxyProbeResult(port, ProxyState.Running, status, null);
            }
        }
        catch (JsonException)
        {
        }

        return new ProxyProbeResult(port, ProxyState.Foreign, null, "an HTTP server answered, but not with a codex-helper status");
    }
}
