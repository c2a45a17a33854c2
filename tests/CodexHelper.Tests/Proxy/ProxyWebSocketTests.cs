using System.Net;
using System.Net.Sockets;
using System.Text;
using CodexHelper.Configuration;
using CodexHelper.Tests.Support;

namespace CodexHelper.Tests.Proxy;

/// <summary>Codex's Responses WebSocket attempt is answered 426 at once (it then uses HTTP), never forwarded or logged.</summary>
public sealed class ProxyWebSocketTests
{
    [Fact]
    public async Task A_websocket_upgrade_gets_426_locally_and_the_next_http_request_is_forwarded()
    {
        using var home = new TempHome();
        await using var upstream = await StubUpstream.JsonAsync(200, """{"id":"resp_1"}""");
        TestConfig.Write(home, ServiceKind.Codex, "main", (upstream.BaseUrl + "/v1", "sk-test-key-1234", null));
        await using var proxy = await ProxyHarness.StartAsync(home);

        // A raw HTTP/1.1 upgrade, as tungstenite sends it (HttpClient would not send Upgrade on its own).
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, proxy.Server.BaseAddress.Port));
        var handshake = "GET /responses HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n" +
                        "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n";
        await socket.SendAsync(Encoding.ASCII.GetBytes(handshake), SocketFlags.None);
        var buffer = new byte[4096];
        var read = await socket.ReceiveAsync(buffer, SocketFlags.None);
        Assert.StartsWith("HTTP/1.1 426", Encoding.ASCII.GetString(buffer, 0, read), StringComparison.Ordinal);
        Assert.Empty(upstream.Requests);

        using var response = await proxy.Client.PostAsync("/responses", new StringContent("{}"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var lines = await proxy.LogLinesAsync(1);
        Assert.Single(lines);
        Assert.Equal("POST", lines[0]["method"]!.GetValue<string>());
    }
}
