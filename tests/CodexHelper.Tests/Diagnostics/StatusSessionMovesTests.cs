using System.Globalization;
using System.Net;
using System.Text.Json;
using CodexHelper.Configuration;
using CodexHelper.Tests.Support;

namespace CodexHelper.Tests.Diagnostics;

/// <summary>
/// A session whose upstream fails mid-conversation is served by the backup: the proxy's status endpoint, <c>status --json</c>
/// and <c>status</c> say it moved, from where to where and why, and how many sessions are pinned.
/// </summary>
public sealed class StatusSessionMovesTests
{
    private const string Session = "sess-moves-0123456789";

    [Fact]
    public async Task A_session_served_by_the_backup_after_its_upstream_failed_is_listed_with_the_reason()
    {
        using var home = new TempHome();
        DiagnosticsHome.UseFreePorts(home);
        await using var a = await StatefulRelay.StartAsync("a", anthropic: false);
        await using var b = await StatefulRelay.StartAsync("b", anthropic: false);
        TestConfig.Write(home, ServiceKind.Codex, "main", (a.BaseUrl, "sk-aaaaaaaaaaaa1", null), (b.BaseUrl, "sk-bbbbbbbbbbbb2", null));
        await using var proxy = await ProxyHarness.StartAsync(home);
        home.Env["CODEX_HELPER_CODEX_PORT"] = proxy.Server.Port.ToString(CultureInfo.InvariantCulture);
        var codex = new ClientConversation(claude: false, session: Session);
        var other = new ClientConversation(claude: false, session: "sess-other-42");

        await Turn(proxy.Client, codex, "hello");
        await Turn(proxy.Client, other, "a second session");
        a.Down = true;
        await Turn(proxy.Client, codex, "go on");

        using var endpoint = JsonDocument.Parse(await proxy.Client.GetStringAsync("/__codex_helper/status"));
        var sessions = endpoint.RootElement.GetProperty("sessions");
        Assert.True(sessions.GetProperty("affinity").GetBoolean());
        Assert.Equal(2, sessions.GetProperty("pinned").GetInt32());
        Assert.Equal(1, sessions.GetProperty("moves").GetInt64());
        var move = Assert.Single(sessions.GetProperty("recent_moves").EnumerateArray());
        Assert.Equal("sess-mov", move.GetProperty("session").GetString());
        Assert.Equal(a.BaseUrl, move.GetProperty("from").GetString()!.TrimEnd('/'));
        Assert.Equal(b.BaseUrl, move.GetProperty("to").GetString()!.TrimEnd('/'));
        Assert.Equal("previous upstream failed", move.GetProperty("reason").GetString());
        Assert.DoesNotContain(Session, endpoint.RootElement.GetRawText(), StringComparison.Ordinal);

        var json = await home.RunAsync("status", "--json");
        using var doc = JsonDocument.Parse(json.Out);
        var listed = doc.RootElement.GetProperty("services")[0].GetProperty("sessions");
        Assert.Equal(2, listed.GetProperty("pinned").GetInt32());
        Assert.Equal("previous upstream failed", listed.GetProperty("recent_moves")[0].GetProperty("reason").GetString());

        var text = (await home.RunAsync("status")).Out;
        Assert.Contains("sessions 2 pinned to the upstream of their last turn, 1 moved to another upstream since the start", text, StringComparison.Ordinal);
        var row = text.Split('\n').Single(l => l.Contains("sess-mov", StringComparison.Ordinal));
        Assert.Contains("previous upstream failed", row, StringComparison.Ordinal);
        Assert.True(row.IndexOf(a.BaseUrl, StringComparison.Ordinal) < row.IndexOf(b.BaseUrl, StringComparison.Ordinal), row);
    }

    [Fact]
    public async Task With_affinity_off_status_says_so_and_lists_no_moves()
    {
        using var home = new TempHome();
        DiagnosticsHome.UseFreePorts(home);
        await using var a = await StatefulRelay.StartAsync("a", anthropic: false);
        await using var b = await StatefulRelay.StartAsync("b", anthropic: false);
        TestConfig.Write(home, ServiceKind.Codex, "main", (a.BaseUrl, "sk-aaaaaaaaaaaa1", null), (b.BaseUrl, "sk-bbbbbbbbbbbb2", null));
        var config = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(home.Paths.ConfigJson))!;
        config["routing"] = new System.Text.Json.Nodes.JsonObject { ["session_affinity"] = false };
        home.WriteHelperFile("config.json", config.ToJsonString());
        await using var proxy = await ProxyHarness.StartAsync(home);
        home.Env["CODEX_HELPER_CODEX_PORT"] = proxy.Server.Port.ToString(CultureInfo.InvariantCulture);
        var codex = new ClientConversation(claude: false, session: Session);

        await Turn(proxy.Client, codex, "hello");
        a.Down = true;
        await Turn(proxy.Client, codex, "go on");

        using var endpoint = JsonDocument.Parse(await proxy.Client.GetStringAsync("/__codex_helper/status"));
        var sessions = endpoint.RootElement.GetProperty("sessions");
        Assert.False(sessions.GetProperty("affinity").GetBoolean());
        Assert.Equal(0, sessions.GetProperty("pinned").GetInt32());
        Assert.Empty(sessions.GetProperty("recent_moves").EnumerateArray());
        Assert.Contains("sessions affinity off (routing.session_affinity)", (await home.RunAsync("status")).Out, StringComparison.Ordinal);
    }

    private static async Task Turn(HttpClient client, ClientConversation conversation, string text)
    {
        using var response = await conversation.TurnAsync(client, text);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
