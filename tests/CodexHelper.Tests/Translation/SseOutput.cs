using System.Buffers;
using System.Text;
using System.Text.Json;
using CodexHelper.Translation;

namespace CodexHelper.Tests.Translation;

/// <summary>Reads a translator's client-side event stream back, checking the framing every client relies on.</summary>
public static class SseOutput
{
    /// <summary>Each event as (name, JSON data); asserts <c>event:</c> + one <c>data:</c> line + blank line, and name == JSON type.</summary>
    public static List<(string Name, JsonElement Data)> Events(byte[] stream)
    {
        var text = Encoding.UTF8.GetString(stream);
        Assert.True(text.Length == 0 || text.EndsWith("\n\n", StringComparison.Ordinal), "stream does not end at an event boundary");
        var events = new List<(string, JsonElement)>();
        foreach (var block in text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var lines = block.Split('\n');
            Assert.Equal(2, lines.Length);
            Assert.StartsWith("event: ", lines[0], StringComparison.Ordinal);
            Assert.StartsWith("data: ", lines[1], StringComparison.Ordinal);
            var name = lines[0]["event: ".Length..];
            using var document = JsonDocument.Parse(lines[1]["data: ".Length..]);
            var data = document.RootElement.Clone();
            Assert.Equal(name, data.GetProperty("type").GetString());
            events.Add((name, data));
        }

        return events;
    }

    public static List<string> Names(byte[] stream) => Events(stream).Select(e => e.Name).ToList();

    public static JsonElement Json(byte[] body)
    {
        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }
}

/// <summary>Feeds an upstream stream whole, byte by byte and in random chunkings; all must give the same client bytes.</summary>
public static class Chunkings
{
    internal static byte[] FeedAll(Func<IResponseTranslator> make, string upstream) => FeedAll(make, Encoding.UTF8.GetBytes(upstream));

    internal static byte[] FeedAll(Func<IResponseTranslator> make, byte[] upstream)
    {
        var whole = Feed(make(), upstream, [upstream.Length]);
        var bytewise = Feed(make(), upstream, Enumerable.Repeat(1, upstream.Length).ToArray());
        Assert.Equal(Encoding.UTF8.GetString(whole), Encoding.UTF8.GetString(bytewise));
        var random = new Random(upstream.Length);
        for (var round = 0; round < 8; round++)
        {
            var sizes = new List<int>();
            for (var left = upstream.Length; left > 0;)
            {
                var size = Math.Min(left, random.Next(1, 40));
                sizes.Add(size);
                left -= size;
            }

            Assert.Equal(Encoding.UTF8.GetString(whole), Encoding.UTF8.GetString(Feed(make(), upstream, [.. sizes])));
        }

        return whole;
    }

    internal static byte[] Feed(IResponseTranslator translator, byte[] upstream, int[] sizes)
    {
        var client = new ArrayBufferWriter<byte>();
        var at = 0;
        foreach (var size in sizes)
        {
            if (size == 0)
            {
                continue;
            }

            translator.Feed(upstream.AsSpan(at, size), client);
            at += size;
        }

        translator.Finish(client);
        return client.WrittenSpan.ToArray();
    }
}
