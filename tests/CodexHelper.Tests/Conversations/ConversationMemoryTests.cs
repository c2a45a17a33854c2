using CodexHelper.Conversations;

namespace CodexHelper.Tests.Conversations;

public class ConversationMemoryTests
{
    [Fact]
    public void It_knows_who_minted_an_item_and_whether_a_session_holds_anyone_elses()
    {
        var memory = new ConversationMemory();
        memory.Remember("s", 1, [10, 11]);

        var origins = memory.For("s")!;
        Assert.Equal(1UL, origins.MinterOf(10));
        Assert.Null(origins.MinterOf(99));
        Assert.False(origins.HasOtherThan(1));
        Assert.True(origins.HasOtherThan(2));
        Assert.Null(memory.For("unknown"));
    }

    [Fact]
    public void The_least_recently_used_session_goes_first_when_there_are_too_many()
    {
        var memory = new ConversationMemory(maxSessions: 2);
        memory.Remember("a", 1, [1]);
        memory.Remember("b", 1, [2]);
        Assert.NotNull(memory.For("a"));
        memory.Remember("c", 1, [3]);

        Assert.NotNull(memory.For("a"));
        Assert.Null(memory.For("b"));
        Assert.NotNull(memory.For("c"));
    }

    [Fact]
    public void A_full_session_forgets_its_oldest_items_and_the_minter_they_alone_named()
    {
        var memory = new ConversationMemory(maxItemsPerSession: 2);
        memory.Remember("s", 1, [10]);
        memory.Remember("s", 2, [20, 21]);

        var origins = memory.For("s")!;
        Assert.Null(origins.MinterOf(10));
        Assert.Equal(2UL, origins.MinterOf(21));
        Assert.False(origins.HasOtherThan(2));
    }

    [Fact]
    public void The_byte_bound_evicts_whole_sessions_least_recently_used_first()
    {
        // Room for two sessions of ten items, not for a third session on top.
        var budget = (2L * (ConversationMemory.SessionBytes + 2)) + (20L * ConversationMemory.ItemBytes);
        var memory = new ConversationMemory(maxBytes: budget);
        memory.Remember("a", 1, [.. Enumerable.Range(0, 10).Select(i => (ulong)i)]);
        memory.Remember("b", 1, [.. Enumerable.Range(10, 10).Select(i => (ulong)i)]);
        Assert.NotNull(memory.For("a"));
        Assert.NotNull(memory.For("b"));

        memory.Remember("c", 1, [99]);

        Assert.Null(memory.For("a"));
        Assert.Equal(1UL, memory.For("b")!.MinterOf(15));
        Assert.Equal(1UL, memory.For("c")!.MinterOf(99));
    }
}
