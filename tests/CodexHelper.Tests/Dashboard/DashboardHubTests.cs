using System.Text;
using CodexHelper.Dashboard;
using CodexHelper.RequestLog;

namespace CodexHelper.Tests.Dashboard;

public class DashboardHubTests
{
    [Fact]
    public void A_viewer_that_does_not_read_loses_events_beyond_its_queue_and_is_told_how_many()
    {
        var hub = new DashboardHub();
        var slow = hub.Join(capacity: 3);
        var fast = hub.Join(capacity: 100);

        for (var i = 0; i < 10; i++)
        {
            hub.Publish("dropped", new DroppedEvent { Dropped = i }, DashboardJsonContext.Default.DroppedEvent);
        }

        Assert.Equal(7, slow.TakeDropped());
        Assert.Equal(0, slow.TakeDropped());
        Assert.Equal(0, fast.TakeDropped());
        var first = ReadAll(slow);
        Assert.Equal(3, first.Count);
        Assert.Equal("event: dropped\ndata: {\"dropped\":0}\n\n", first[0]);
        Assert.Equal(10, ReadAll(fast).Count);
    }

    [Fact]
    public void Nothing_is_serialised_or_queued_without_viewers_and_a_viewer_that_left_gets_nothing()
    {
        var hub = new DashboardHub();
        Assert.False(hub.HasViewers);
        var viewer = hub.Join();
        hub.Leave(viewer);
        hub.Publish("dropped", new DroppedEvent { Dropped = 1 }, DashboardJsonContext.Default.DroppedEvent);
        Assert.False(hub.HasViewers);
        Assert.Empty(ReadAll(viewer));
        Assert.True(viewer.Frames.Completion.IsCompleted);
    }

    [Fact]
    public void The_feed_keeps_the_last_requests_only_and_forgets_their_captures_with_them()
    {
        var feed = new DashboardFeed(capacity: 4);
        for (var i = 1; i <= 10; i++)
        {
            feed.Add(new RequestLogEntry { Path = "/r" + i, StatusCode = 200 }, capture: null);
        }

        Assert.Equal(["/r7", "/r8", "/r9", "/r10"], feed.Recent(100).Select(r => r.Path));
        Assert.Null(feed.Inspect(6));
        Assert.Equal("/r7", feed.Inspect(7)!.Request.Path);
        Assert.False(feed.Inspect(7)!.Captured);
        Assert.Null(feed.Inspect(11));
    }

    private static List<string> ReadAll(DashboardViewer viewer)
    {
        var frames = new List<string>();
        while (viewer.Frames.TryRead(out var frame))
        {
            frames.Add(Encoding.UTF8.GetString(frame));
        }

        return frames;
    }
}
