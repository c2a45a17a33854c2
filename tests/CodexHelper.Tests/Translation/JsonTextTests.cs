using System.Buffers;
using System.Text;
using System.Text.Json;
using CodexHelper.Translation;

namespace CodexHelper.Tests.Translation;

public sealed class JsonTextTests
{
    private static string Written(JsonText text)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            text.Write(w, "t"u8);
            w.WriteEndObject();
        }

        return JsonDocument.Parse(buffer.WrittenMemory).RootElement.GetProperty("t").GetString()!;
    }

    [Fact]
    public void Client_strings_and_literals_join_into_one_string_with_escapes_kept_valid()
    {
        using var body = JsonDocument.Parse(Encoding.UTF8.GetBytes("""{"a":"line \"one\"\n\u00e9\ud83e\udd16","b":"tab\there"}"""));
        var a = body.RootElement.GetProperty("a");
        var b = body.RootElement.GetProperty("b");

        var joined = JsonText.Join("\n\n", [JsonText.Of(a), JsonText.Of("Error: \"x\"").Add(b)]);

        Assert.Equal("line \"one\"\n\u00e9\ud83e\udd16\n\nError: \"x\"tab\there", Written(joined));
        Assert.Equal(a.GetString(), Written(JsonText.Of(a)));
    }

    [Fact]
    public void Empty_means_no_piece_has_text_and_joining_is_string_Join()
    {
        using var body = JsonDocument.Parse("""{"e":"","s":" "}"""u8.ToArray());
        Assert.True(JsonText.Of(body.RootElement.GetProperty("e")).Add("").IsEmpty);

        // As string.Join: two empty texts joined are the separator.
        var joined = JsonText.Join("\n", [JsonText.Of(body.RootElement.GetProperty("e")), JsonText.Of("")]);
        Assert.False(joined.IsEmpty);
        Assert.Equal("\n", Written(joined));
        Assert.False(JsonText.Of(body.RootElement.GetProperty("s")).IsEmpty);
        Assert.Equal("", Written(JsonText.Empty));
    }

    [Theory]
    [InlineData("\"\"", true)]
    [InlineData("\" \\n\\t \\r \"", true)]
    [InlineData("\"\\u00a0\"", true)]
    [InlineData("\" \\n x\"", false)]
    [InlineData("\"\\u0041\"", false)]
    [InlineData("\"é\"", false)]
    public void Blank_is_read_from_the_raw_bytes_as_string_IsNullOrWhiteSpace_would_say(string json, bool blank)
    {
        using var document = JsonDocument.Parse(Encoding.UTF8.GetBytes(json));
        Assert.Equal(blank, RawJson.IsBlank(document.RootElement));
        Assert.Equal(string.IsNullOrWhiteSpace(document.RootElement.GetString()), blank);
    }
}
