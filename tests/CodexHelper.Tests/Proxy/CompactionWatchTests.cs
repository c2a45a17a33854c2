using System.Text;
using CodexHelper.Proxy.Relay;

namespace CodexHelper.Tests.Proxy;

/// <summary>The watch over a native compaction's answer sees its compaction item however the reads split it.</summary>
public class CompactionWatchTests
{
    private const string WithItem = "event: response.output_item.done\ndata: {\"type\":\"response.output_item.done\",\"item\":{\"type\":\"compaction\",\"encrypted_content\":\"x\"}}\n\n";
    private const string WithoutItem = "event: response.output_item.done\ndata: {\"type\":\"response.output_item.done\",\"item\":{\"type\":\"message\",\"content\":[{\"text\":\"about \\\"compaction\\\" and compaction_trigger\"}]}}\n\n";

    /// <summary>Reads <paramref name="text"/> through the watch in pieces of <paramref name="size"/> bytes.</summary>
    private static CompactionWatch ReadThrough(string text, int size)
    {
        var watch = new CompactionWatch(new MemoryStream(Encoding.UTF8.GetBytes(text)));
        var buffer = new byte[size];
        while (watch.Read(buffer, 0, size) > 0)
        {
        }

        return watch;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(64)]
    [InlineData(4096)]
    public void The_item_is_seen_across_any_split_and_text_that_only_mentions_it_is_not(int size)
    {
        Assert.True(ReadThrough(WithItem, size).SawItem);
        Assert.False(ReadThrough(WithoutItem, size).SawItem);
    }
}
