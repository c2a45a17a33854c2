using CodexHelper.Files;

namespace CodexHelper.Tests.Files;

public sealed class PooledWindowTests
{
    [Fact]
    public void Appends_up_to_the_cap_and_refuses_past_it_unchanged()
    {
        var window = new PooledWindow(cap: 10, initialSize: 4);
        Assert.True(window.TryAppend("abcdef"u8));
        Assert.False(window.TryAppend("ghijk"u8));
        Assert.Equal("abcdef"u8.ToArray(), window.Span.ToArray());
        Assert.True(window.TryAppend("ghij"u8));
        Assert.Equal(10, window.Length);
        window.Release();
    }

    [Fact]
    public void Consumed_bytes_make_room_again_without_growing()
    {
        var window = new PooledWindow(cap: 1 << 20, initialSize: 16);
        var free = window.FreeSpace();
        var size = free.Length;
        "0123456789abcdef"u8.CopyTo(free.Span);
        window.Commit(16);
        // A line straddling the end: most of the window is consumed, the rest moves to the front.
        window.Consume(12);
        var again = window.FreeSpace();
        Assert.Equal(size - 4, again.Length);
        Assert.Equal("cdef"u8.ToArray(), window.Span.ToArray());
        window.Release();
    }

    [Fact]
    public void A_full_window_doubles_and_stops_at_its_cap()
    {
        var window = new PooledWindow(cap: 64, initialSize: 16);
        var filled = 0;
        while (window.FreeSpace() is { IsEmpty: false } free)
        {
            free.Span.Fill((byte)'x');
            window.Commit(free.Length);
            filled += free.Length;
        }

        Assert.Equal(64, filled);
        Assert.Equal(64, window.Length);
        window.Consume(64);
        Assert.Equal(0, window.Length);
        Assert.False(window.FreeSpace().IsEmpty);
        window.Release();
    }
}
