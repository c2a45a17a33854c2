using System.Text;
using System.Text.Json;

namespace CodexHelper.Tests.Translation;

/// <summary>Reads a translator's SSE output back: every event's JSON, after checking the framing a client relies on.</summary>
internal static class SseOutput
{
    public static List<JsonElement> Events(byte[] output)
    {
        var text = Encoding.UTF8.GetString(output);
        Assert.EndsWith("\n\n", text);
        var events = new List<JsonElement>();
        foreach (var block in text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var lines = block.Split('\n');
            Assert.Equal(2, lines.Length);
            Assert.StartsWith("event: ", lines[0]);
            Assert.StartsWith("data: ", lines[1]);
            var json = JsonDocument.Parse(lines[1]["data: ".Length..]).RootElement.Clone();
            Assert.Equal(lines[0]["event: ".Length..], json.GetProperty("type").GetString());
            events.Add(json);
        }

        return events;
    }

    public static List<string> Types(List<JsonElement> events) => events.ConvertAll(e => e.GetProperty("type").GetString()!);

    /// <summary>Sequence numbers strictly increase from 0.</summary>
    public static void AssertSequenced(List<JsonElement> events)
    {
        for (var i = 0; i < events.Count; i++)
        {
            Assert.Equal(i, events[i].GetProperty("sequence_number").GetInt32());
        }
    }

    public static JsonElement Single(List<JsonElement> events, string type) => Assert.Single(events, e => e.GetProperty("type").GetString() == type);

    /// <summary>Each event as (name, JSON data); asserts <c>event:</c> + one <c>data:</c> line + blank line, and name == JSON type.</summary>
    public static List<(string Name, JsonElement Data)> Named(byte[] stream)
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

    public static List<string> Names(byte[] stream) => Named(stream).Select(e => e.Name).ToList();

    public static JsonElement Json(byte[] body)
    {
        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }
}
