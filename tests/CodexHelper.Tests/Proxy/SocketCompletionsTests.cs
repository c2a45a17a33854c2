
using CodexHelper.Proxy.Hosting;

namespace CodexHelper.Tests.Proxy;

public class SocketCompletionsTests
{
    [Fact]
    public void Turns_inline_completions_on_when_the_user_did_not_choose()
    {
        var env = new Dictionary<string, string>();
        SocketCompletions.PreferInline(k => env.GetValueOrDefault(k), (k, v) => env[k] = v);
        Assert.Equal("1", env[SocketCompletions.Variable]);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("")]
    public void Leaves_the_users_own_setting_alone(string chosen)
    {
        var env = new Dictionary<string, string> { [SocketCompletions.Variable] = chosen };
        SocketCompletions.PreferInline(k => env.GetValueOrDefault(k), (k, v) => env[k] = v);
        Assert.Equal(chosen, env[SocketCompletions.Variable]);
    }

    [Fact]
    public void The_test_host_runs_sockets_the_way_the_proxy_process_does()
    {
        // Set by tests/test.runsettings before the test host opens its first socket; without it the proxy
        // tests would exercise a threading mode the shipped binary never uses.
        Assert.Equal("1", Environment.GetEnvironmentVariable(SocketCompletions.Variable));
    }
}
