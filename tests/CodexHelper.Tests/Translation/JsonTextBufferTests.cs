using System.Text;
using System.Text.Json;
using CodexHelper.Translation;

namespace CodexHelper.Tests.Translation;

public sealed class JsonTextBufferTests
{
    [Fact]
    public void Strings_land_unescaped_one_after_the_other_and_grow_the_buffer()
    {
        var buffer = new JsonTextBuffer(4);
        var reader = Reader("{\"a\":\"caf\\u00e9 long enough to grow\",\"b\":\"x\"}");
        JsonFields.NextProperty(ref reader);
        var a = buffer.ReadString(ref reader);
        JsonFields.NextProperty(ref reader);
        var b = buffer.ReadString(ref reader);

        Assert.Equal("café long enough to grow", Encoding.UTF8.GetString(buffer[a]));
        Assert.Equal("x", Encoding.UTF8.GetString(buffer[b]));
        Assert.Equal(a.End, b.Start);
        buffer.Clear();
        Assert.Equal(0, buffer.Length);
    }

    [Fact]
    public void A_number_is_text_only_where_asked_and_other_values_are_skipped()
    {
        var buffer = new JsonTextBuffer(16);
        var reader = Reader("{\"code\":429,\"n\":7,\"o\":{\"x\":1},\"s\":\"after\"}");
        JsonFields.NextProperty(ref reader);
        var code = buffer.ReadStringOrNumber(ref reader);
        JsonFields.NextProperty(ref reader);
        var n = buffer.ReadString(ref reader);
        JsonFields.NextProperty(ref reader);
        var o = buffer.ReadStringOrNumber(ref reader);
        JsonFields.NextProperty(ref reader);
        var s = buffer.ReadString(ref reader);

        Assert.Equal("429", Encoding.UTF8.GetString(buffer[code]));
        Assert.True(buffer[n].IsEmpty);
        Assert.True(buffer[o].IsEmpty);
        Assert.Equal("after", Encoding.UTF8.GetString(buffer[s]));
    }

    [Fact]
    public void Whole_numbers_are_read_fractions_truncated_and_other_values_skipped()
    {
        var reader = Reader("{\"a\":12,\"b\":12.9,\"c\":{\"d\":5},\"e\":\"3\",\"f\":4}");
        var values = new List<long>();
        while (JsonFields.NextProperty(ref reader))
        {
            values.Add(JsonFields.ReadLong(ref reader));
        }

        Assert.Equal([12L, 12L, 0L, 0L, 4L], values);
    }

    [Fact]
    public void Start_object_enters_an_object_and_skips_anything_else()
    {
        var reader = Reader("{\"a\":[1,{\"x\":2}],\"b\":{\"y\":3}}");
        JsonFields.NextProperty(ref reader);
        Assert.False(JsonFields.StartObject(ref reader));
        JsonFields.NextProperty(ref reader);
        Assert.True(JsonFields.StartObject(ref reader));
        Assert.True(JsonFields.NextProperty(ref reader));
        Assert.True(reader.ValueTextEquals("y"u8));
        JsonFields.SkipValue(ref reader);
        Assert.False(JsonFields.NextProperty(ref reader));
    }

    private static Utf8JsonReader Reader(string json)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        reader.Read();
        return reader;
    }
}
