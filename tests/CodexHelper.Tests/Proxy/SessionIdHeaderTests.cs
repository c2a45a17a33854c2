using CodexHelper.Proxy.Intake;
using Microsoft.AspNetCore.Http;

namespace CodexHelper.Tests.Proxy;

public class SessionIdHeaderTests
{
    [Theory]
    [InlineData("session-id", "019a0000-aaaa-bbbb-cccc-000000000001")]
    [InlineData("session_id", "019a0000-aaaa-bbbb-cccc-000000000002")]
    [InlineData("x-claude-code-session-id", "5d1c0000-0000-4000-8000-000000000003")]
    public void Each_clients_header_gives_the_session_id(string header, string id)
    {
        var headers = new HeaderDictionary { [header] = id };

        Assert.Equal(id, SessionIdHeader.Find(headers));
    }

    [Fact]
    public void No_header_an_empty_one_or_a_blob_gives_no_session_id()
    {
        Assert.Null(SessionIdHeader.Find(new HeaderDictionary()));
        Assert.Null(SessionIdHeader.Find(new HeaderDictionary { ["session-id"] = "" }));
        Assert.Null(SessionIdHeader.Find(new HeaderDictionary { ["session-id"] = new string('x', 500) }));
    }
}
