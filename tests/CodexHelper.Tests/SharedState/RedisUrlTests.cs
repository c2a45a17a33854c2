using CodexHelper.SharedState;

namespace CodexHelper.Tests.SharedState;

public sealed class RedisUrlTests
{
    [Fact]
    public void Host_port_database_and_password_are_read()
    {
        var options = RedisUrl.Parse("redis://:s3cret@10.0.0.5:6380/2");
        Assert.Equal("10.0.0.5:6380", options.EndPoints.Single().ToString());
        Assert.Equal(2, options.DefaultDatabase);
        Assert.Equal("s3cret", options.Password);
        Assert.False(options.AbortOnConnectFail);
        Assert.Equal("redis://***@10.0.0.5:6380/2", RedisUrl.Display("redis://:s3cret@10.0.0.5:6380/2"));
    }

    [Theory]
    [InlineData("http://10.0.0.5:6379")]
    [InlineData("10.0.0.5:6379")]
    [InlineData("redis://10.0.0.5:6379/x")]
    [InlineData("redis://10.0.0.5:6379/99")]
    public void Anything_else_is_one_clear_error(string url)
    {
        var ex = Assert.Throws<UserFacingException>(() => RedisUrl.Parse(url));
        Assert.Contains("--state", ex.Message);
        Assert.Equal(2, ex.ExitCode);
    }
}
