using System.Text;

namespace CodexHelper.Tests.Support;

/// <summary>Streaming turns as the clients send them, and the Responses events the stream tests share.</summary>
internal static class StreamingTurns
{
    public const string ResponseCreated = "event: response.created\ndata: {\"type\":\"response.created\"}\n\n";
    public const string TextDelta = "event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"delta\":\"from the backup\"}\n\n";

    /// <summary>A Codex turn: POST /responses asking for an event stream.</summary>
    public static HttpRequestMessage Codex()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/responses") { Content = new StringContent("""{"model":"gpt-5","stream":true}""", Encoding.UTF8, "application/json") };
        request.Headers.Accept.ParseAdd("text/event-stream");
        return request;
    }

    /// <summary>A Claude Code turn: POST /v1/messages with anthropic-version, asking for an event stream.</summary>
    public static HttpRequestMessage Claude()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/messages") { Content = new StringContent("""{"model":"claude-sonnet-4-5","stream":true}""", Encoding.UTF8, "application/json") };
        request.Headers.Add("anthropic-version", "2023-06-01");
        request.Headers.Accept.ParseAdd("text/event-stream");
        return request;
    }
}
