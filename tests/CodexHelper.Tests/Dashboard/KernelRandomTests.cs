using CodexHelper.Dashboard;

namespace CodexHelper.Tests.Dashboard;

/// <summary>The dashboard token's random bytes: as many as asked, and not the same twice.</summary>
public class KernelRandomTests
{
    [Fact]
    public void Gives_the_bytes_asked_for_and_different_ones_each_time()
    {
        var first = KernelRandom.GetBytes(24);
        var second = KernelRandom.GetBytes(24);

        Assert.Equal(24, first.Length);
        Assert.Equal(24, second.Length);
        Assert.NotEqual(first, second);
        Assert.Contains(first, b => b != 0);
    }
}
