using System.Text;
using CodexHelper.Wire;

namespace CodexHelper.Tests.Wire;

public class WireEventsTests
{
    [Theory]
    [InlineData("response.created", "Preamble")]
    [InlineData("response.in_progress", "Preamble")]
    [InlineData("message_start", "Preamble")]
    [InlineData("ping", "Preamble")]
    [InlineData("response.failed", "Error")]
    [InlineData("response.error", "Error")]
    [InlineData("error", "Error")]
    [InlineData("response.output_text.delta", "Content")]
    [InlineData("content_block_delta", "Content")]
    [InlineData("", "Content")]
    public void Names_and_their_bytes_have_the_same_role(string name, string role)
    {
        Assert.Equal(role, WireEvents.RoleOf(name).ToString());
        Assert.Equal(role, WireEvents.RoleOf(Encoding.UTF8.GetBytes(name)).ToString());
    }
}
