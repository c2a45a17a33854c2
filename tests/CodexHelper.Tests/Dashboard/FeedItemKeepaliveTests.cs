using System.Text.Json;
using System.Text.Json.Nodes;
using CodexHelper.Dashboard;
using CodexHelper.RequestLog;

namespace CodexHelper.Tests.Dashboard;

/// <summary>The dashboard's request feed shows the keepalives a request needed, and nothing when it needed none.</summary>
public sealed class FeedItemKeepaliveTests
{
    [Fact]
    public void Keepalives_reach_the_feed_item_and_none_leave_the_field_out()
    {
        var kept = JsonNode.Parse(JsonSerializer.Serialize(FeedItem.From(1, new RequestLogEntry { Path = "/responses", StatusCode = 200, Keepalives = 4 }, captured: false), DashboardJsonContext.Default.FeedItem))!;
        var none = JsonNode.Parse(JsonSerializer.Serialize(FeedItem.From(2, new RequestLogEntry { Path = "/responses", StatusCode = 200 }, captured: false), DashboardJsonContext.Default.FeedItem))!;

        Assert.Equal(4, kept["keepalives"]!.GetValue<int>());
        Assert.Null(none["keepalives"]);
    }
}
