using System.Text;
using CodexHelper.Translation.ResponsesClient;

namespace CodexHelper.Tests.Translation.ResponsesClient;

public sealed class CustomToolInputTests
{
    [Theory]
    [InlineData("{\"input\":\"*** Begin Patch\\n\"}", "*** Begin Patch\n")]
    [InlineData("{\"patch\":\"raw\"}", "raw")]
    [InlineData("{\"input\":\"a\",\"other\":\"b\"}", "a")]
    [InlineData("*** Begin Patch", "*** Begin Patch")]
    [InlineData("{\"a\":\"x\",\"b\":\"y\"}", "{\"a\":\"x\",\"b\":\"y\"}")]
    [InlineData("", "")]
    public void Unwraps_the_input_argument_or_keeps_the_text(string arguments, string expected) =>
        Assert.Equal(expected, Encoding.UTF8.GetString(CustomToolInput.Unwrap(Encoding.UTF8.GetBytes(arguments))));

    [Fact]
    public void Wrap_and_unwrap_round_trip_any_text()
    {
        const string patch = "*** Begin Patch\n*** Update File: a \"quoted\" é\n+\ttab\n*** End Patch";
        Assert.Equal(patch, Encoding.UTF8.GetString(CustomToolInput.Unwrap(Encoding.UTF8.GetBytes(CustomToolInput.Wrap(patch)))));
    }
}
