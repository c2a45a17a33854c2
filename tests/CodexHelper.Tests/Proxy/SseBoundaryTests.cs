using System.Text;
using CodexHelper.Proxy.Relay;

namespace CodexHelper.Tests.Proxy;

public class SseBoundaryTests
{
    [Theory]
    [InlineData("data: a\n\n", true)]
    [InlineData("data: a\r\n\r\n", true)]
    [InlineData("data: a\r\r", true)]
    [InlineData("data: a\n\r\n", true)]
    [InlineData("data: a\r\n\n", true)]
    [InlineData("data: a\r\n\r", true)]
    [InlineData("\n\n", true)]
    [InlineData("data: a\n", false)]
    [InlineData("data: a\r\n", false)]
    [InlineData("data: a\r", false)]
    [InlineData("data: a", false)]
    [InlineData("", false)]
    public void The_end_of_an_event_is_seen_with_any_line_end_however_the_bytes_are_chunked(string stream, bool atEnd)
    {
        var bytes = Encoding.UTF8.GetBytes("event: x\r\n" + stream);
        // Whole, and one byte at a time: the boundary may fall between reads.
        foreach (var chunk in new[] { bytes.Length, 1, 3 })
        {
            var boundary = new SseBoundary();
            for (var at = 0; at < bytes.Length; at += chunk)
            {
                boundary.Track(bytes.AsSpan(at, Math.Min(chunk, bytes.Length - at)));
            }

            Assert.True(atEnd == boundary.AtEventEnd, $"{Escape(stream)} in chunks of {chunk}");
        }
    }

    [Fact]
    public void Tracking_a_chunk_allocates_nothing()
    {
        var chunk = Encoding.UTF8.GetBytes("event: response.output_text.delta\r\ndata: {\"delta\":\"x\"}\r\n\r\n");
        var boundary = new SseBoundary();
        boundary.Track(chunk);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var ends = 0;
        for (var i = 0; i < 1000; i++)
        {
            boundary.Track(chunk);
            ends += boundary.AtEventEnd ? 1 : 0;
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(1000, ends);
    }

    private static string Escape(string s) => s.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
