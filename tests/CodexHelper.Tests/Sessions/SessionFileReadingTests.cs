using System.Text;
using CodexHelper.Sessions;

namespace CodexHelper.Tests.Sessions;

public sealed class SessionFileReadingTests
{
    private static CodexRolloutMeta? Meta(string text) =>
        CodexRolloutFile.ReadMeta(new MemoryStream(Encoding.UTF8.GetBytes(text)));

    [Fact]
    public void Meta_is_read_from_a_30KB_first_line_without_reading_it_all()
    {
        var line = SessionFixtures.MetaLine(SessionFixtures.Uuid(1), "/home/u/app", SessionFixtures.T0) + "\n";
        var stream = new CountingStream(Encoding.UTF8.GetBytes(line));
        var meta = CodexRolloutFile.ReadMeta(stream);
        Assert.Equal(SessionFixtures.Uuid(1), meta?.Id);
        Assert.Equal("/home/u/app", meta?.Cwd);
        Assert.Equal(SessionFixtures.T0, meta?.Timestamp);
        Assert.True(stream.BytesRead < line.Length / 2, $"read {stream.BytesRead} of {line.Length} bytes");
    }

    [Fact]
    public void Meta_is_found_when_base_instructions_come_before_the_cwd()
    {
        var meta = Meta(SessionFixtures.MetaLine(SessionFixtures.Uuid(2), "/a/b", SessionFixtures.T0, 200_000, instructionsFirst: true) + "\n{\"next\":1}\n");
        Assert.Equal("/a/b", meta?.Cwd);
        Assert.Equal(SessionFixtures.Uuid(2), meta?.Id);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json at all\n")]
    [InlineData("{\"timestamp\":\"2025-01-01T00:00:00Z\",\"type\":\"session_meta\",\"payload\":{\"id\":\"abc\",\"base_instr")]
    [InlineData("{\"timestamp\":\"2025-01-01T00:00:00Z\",\"type\":\"event_msg\",\"payload\":{\"id\":\"abc\",\"cwd\":\"/x\",\"timestamp\":\"2025-01-01T00:00:00Z\"}}\n")]
    [InlineData("[1,2,3]\n")]
    public void Unusable_heads_are_rejected(string text) => Assert.Null(SafeMeta(text));

    [Fact]
    public void Binary_garbage_is_rejected()
    {
        var bytes = new byte[4096];
        new Random(7).NextBytes(bytes);
        Assert.Null(SafeMeta(Encoding.Latin1.GetString(bytes)));
    }

    private static CodexRolloutMeta? SafeMeta(string text)
    {
        try
        {
            return Meta(text);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    [Fact]
    public void Name_carries_id_and_start_time()
    {
        const string name = "rollout-2025-03-01T10-00-00-0199aaaa-aaaa-7bbb-8ccc-000000000001.jsonl";
        Assert.Equal("0199aaaa-aaaa-7bbb-8ccc-000000000001", CodexRolloutFile.NameId(name));
        Assert.NotNull(CodexRolloutFile.NameTime("/x/" + name));
    }

    [Fact]
    public void Last_activity_comes_from_the_last_complete_record()
    {
        var tail = Encoding.UTF8.GetBytes(
            "{\"timestamp\":\"2025-03-01T10:00:00Z\",\"type\":\"a\"}\n" +
            "{\"timestamp\":\"2025-03-01T11:30:00Z\",\"type\":\"b\",\"payload\":{\"timestamp\":\"1999-01-01T00:00:00Z\"}}\n" +
            "{\"timestamp\":\"2025-03-01T12:00:00Z\",\"type\":\"half-writ");
        Assert.Equal(new DateTimeOffset(2025, 3, 1, 11, 30, 0, TimeSpan.Zero), LastRecordTime.FromTail(tail, startsAtFileStart: true));
    }

    [Fact]
    public void A_tail_window_that_starts_mid_line_ignores_that_fragment()
    {
        var tail = Encoding.UTF8.GetBytes("mp\":\"2025-03-01T10:00:00Z\",\"x\":1}\n");
        Assert.Null(LastRecordTime.FromTail(tail, startsAtFileStart: false));
    }

    private sealed class CountingStream(byte[] data) : MemoryStream(data)
    {
        public long BytesRead { get; private set; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = base.Read(buffer, offset, count);
            BytesRead += n;
            return n;
        }
    }
}
