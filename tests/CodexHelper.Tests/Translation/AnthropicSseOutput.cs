using System.Text;
using System.Text.Json;

namespace CodexHelper.Tests.Translation;

/// <summary>Reads a translator's client-side event stream back, checking the framing every client relies on.</summary>
public static class AnthropicSseOutput
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
