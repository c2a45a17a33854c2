using System.Text;
using CodexHelper.Translation;

namespace CodexHelper.Tests.Translation;

public sealed class SseEventReaderTests
{
    private static List<(string Name, string Data)> ReadAll(string stream, int chunk)
    {
        var reader = new SseEventReader();
        var bytes = Encoding.UTF8.GetBytes(stream);
        var events = new List<(string, string)>();
        for (var i = 0; i < bytes.Length; i += chunk)
        {
            reader.Append(bytes.AsSpan(i, Math.Min(chunk, bytes.Length - i)));
            while (reader.TryRead(out var name, out var data))
            {
                events.Add((Encoding.UTF8.GetString(name), Encoding.UTF8.GetString(data)));
            }
        }

        if (reader.TryReadRest(out var lastName, out var lastData))
        {
            events.Add((Encoding.UTF8.GetString(lastName), Encoding.UTF8.GetString(lastData)));
        }

        reader.Release();
        return events;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(4096)]
    public void Gives_the_same_events_for_any_chunking(int chunk)
    {
        const string stream = "event: message_start\ndata: {\"a\":\"é\"}\n\n: keep-alive\n\ndata: {\"b\":1}\n\nevent: ping\n\ndata: [DONE]\n\n";
        var events = ReadAll(stream, chunk);
        Assert.Equal([("message_start", "{\"a\":\"é\"}"), ("", "{\"b\":1}"), ("ping", ""), ("", "[DONE]")], events);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(1000)]
    public void Reads_crlf_framing(int chunk)
    {
        var events = ReadAll("event: e\r\ndata: {\"x\":1}\r\n\r\ndata:{\"y\":2}\r\n\r\n", chunk);
        Assert.Equal([("e", "{\"x\":1}"), ("", "{\"y\":2}")], events);
    }

    [Fact]
    public void Joins_several_data_lines_with_a_line_feed()
    {
        var events = ReadAll("data: {\"a\":\ndata: 1,\ndata: \"b\":2}\n\n", 1);
        Assert.Equal([("", "{\"a\":\n1,\n\"b\":2}")], events);
    }

    [Fact]
    public void Reads_an_unterminated_last_event_at_the_end()
    {
        var events = ReadAll("data: {\"a\":1}\n\ndata: {\"tail\":true}", 5);
        Assert.Equal([("", "{\"a\":1}"), ("", "{\"tail\":true}")], events);
    }

    [Fact]
    public void Has_no_rest_after_a_clean_end()
    {
        var reader = new SseEventReader();
        reader.Append("data: x\n\n"u8);
        Assert.True(reader.TryRead(out _, out var data));
        Assert.Equal("x", Encoding.UTF8.GetString(data));
        Assert.False(reader.TryRead(out _, out _));
        Assert.False(reader.TryReadRest(out _, out _));
    }
}
