using System.Text;
using System.Text.Json;

namespace CodexHelper.Tests.Translation;

/// <summary>
/// Reads a translator's client-side event stream (or body) back, after checking the framing every client relies
/// on: <c>event:</c> + one <c>data:</c> line + blank line per event, the event name equal to the JSON type.
/// </summary>
internal static class SseOutput
{
    /// <summary>Each event as (name, JSON data); an empty stream has none.</summary>
    public static List<(string Name, JsonElement Data)> NamedEvents(byte[] stream)
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
            var data = Json(Encoding.UTF8.GetBytes(lines[1]["data: ".Length..]));
            Assert.Equal(name, data.GetProperty("type").GetString());
            events.Add((name, data));
        }

        return events;
    }

    /// <summary>Each event's JSON; the stream must hold at least one.</summary>
    public static List<JsonElement> Events(byte[] output)
    {
        Assert.NotEmpty(output);
        return NamedEvents(output).ConvertAll(e => e.Data);
    }

    public static List<string> Names(byte[] stream) => NamedEvents(stream).ConvertAll(e => e.Name);

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

    public static JsonElement Json(byte[] body)
    {
        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }
}
