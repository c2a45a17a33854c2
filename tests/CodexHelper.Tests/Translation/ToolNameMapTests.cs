using CodexHelper.Translation;

namespace CodexHelper.Tests.Translation;

public sealed class ToolNameMapTests
{
    [Fact]
    public void Flattens_a_namespace_child_and_resolves_it_back()
    {
        var map = new ToolNameMap();
        var name = map.Add(new ClientTool("close_agent", "multi_agent_v1", ClientToolKind.Function));
        Assert.Equal("multi_agent_v1__close_agent", name);
        Assert.Equal(new ClientTool("close_agent", "multi_agent_v1", ClientToolKind.Function), map.Resolve(name));
        Assert.Equal(name, map.ToUpstream("close_agent", "multi_agent_v1"));
    }

    [Fact]
    public void Keeps_the_custom_kind_and_gives_unknown_names_back_as_functions()
    {
        var map = new ToolNameMap();
        map.Add(new ClientTool("apply_patch", null, ClientToolKind.Custom));
        Assert.Equal(ClientToolKind.Custom, map.Resolve("apply_patch").Kind);
        Assert.Equal(new ClientTool("nope", null, ClientToolKind.Function), map.Resolve("nope"));
    }

    [Fact]
    public void Shortens_long_names_uniquely_within_the_limit()
    {
        var map = new ToolNameMap();
        var a = map.Add(new ClientTool(new string('a', 80) + "x", null, ClientToolKind.Function));
        var b = map.Add(new ClientTool(new string('a', 80) + "y", null, ClientToolKind.Function));
        Assert.Equal(64, a.Length);
        Assert.Equal(64, b.Length);
        Assert.NotEqual(a, b);
        Assert.Equal(new string('a', 80) + "y", map.Resolve(b).Name);
    }

    [Fact]
    public void Replaces_characters_upstreams_reject_and_makes_clashes_unique()
    {
        var map = new ToolNameMap();
        var first = map.Add(new ClientTool("a.b", null, ClientToolKind.Function));
        var second = map.Add(new ClientTool("a_b", null, ClientToolKind.Function));
        Assert.Equal("a_b", first);
        Assert.Equal("a_b_2", second);
        Assert.Equal("a.b", map.Resolve(first).Name);
        Assert.Equal("a_b", map.Resolve(second).Name);
        Assert.Equal(first, map.Add(new ClientTool("a.b", null, ClientToolKind.Function)));
        Assert.Equal(2, map.Count);
    }
}
