using CodexHelper.Wire;

namespace CodexHelper.Tests.Wire;

public sealed class WireProtocolTests
{
    [Theory]
    [InlineData("/responses", false, "Responses")]
    [InlineData("/v1/responses", false, "Responses")]
    [InlineData("/v1/chat/completions", false, "Chat")]
    [InlineData("/v1/messages", false, "Anthropic")]
    [InlineData("/v1/messages/count_tokens", false, "Anthropic")]
    [InlineData("/anything", true, "Anthropic")]
    public void A_client_request_speaks_the_protocol_of_its_path(string path, bool anthropicVersion, string expected) =>
        Assert.Equal(expected, WireProtocols.OfClientRequest(path, anthropicVersion).ToString());

    [Theory]
    [InlineData("responses", "Responses")]
    [InlineData("Chat", "Chat")]
    [InlineData(" anthropic ", "Anthropic")]
    public void Names_parse_case_blind_and_round_trip(string name, string expected)
    {
        Assert.True(WireProtocols.TryParse(name, out var parsed));
        Assert.Equal(expected, parsed.ToString());
        Assert.True(WireProtocols.TryParse(parsed.Name(), out var again));
        Assert.Equal(parsed, again);
    }

    [Theory]
    [InlineData("")]
    [InlineData("openai")]
    [InlineData(null)]
    public void Other_names_do_not_parse(string? name) => Assert.False(WireProtocols.TryParse(name, out _));

    [Theory]
    [InlineData("/responses", "text/event-stream", true)]
    [InlineData("/responses", "application/json", false)]
    [InlineData("/responses/compact", "text/event-stream", false)]
    [InlineData("/v1/messages", "text/event-stream", true)]
    [InlineData("/v1/messages/count_tokens", "application/json", false)]
    public void A_streaming_turn_is_a_turn_path_that_asks_for_events(string path, string accept, bool expected) =>
        Assert.Equal(expected, ClientWire.Of(path, false, accept).IsStreamingTurn);
}
