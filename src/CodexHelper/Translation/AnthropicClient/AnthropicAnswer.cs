namespace CodexHelper.Translation.AnthropicClient;

/// <summary>What the response side keeps of Claude Code's request: the answer's id, the model to name, whether it streams.</summary>
internal sealed record AnthropicAnswer(string MessageId, string Model, bool ClientStreams)
{
    public string ContentType => ClientStreams ? "text/event-stream" : "application/json";

    /// <summary>A fresh output for one upstream answer: events when the client streams, else one message body.</summary>
    public AnthropicOutput NewOutput() =>
        ClientStreams ? new AnthropicEventStream(MessageId, Model) : new AnthropicMessageBody(MessageId, Model);
}
