using System.Buffers;
using CodexHelper.Translation.ResponsesClient;

namespace CodexHelper.Translation.ResponsesToAnthropic;

/// <summary>
/// What an Anthropic answer has said so far that its end needs (stop reason, usage), and the Responses emitter
/// it drives; shared by the stream and the whole-body reader.
/// </summary>
internal sealed class AnthropicAnswer(ResponsesEmitter emitter, ResponsesToolSet tools)
{
    private string? _stopReason;
    private long _input, _output, _cacheRead, _cacheCreation;
    private bool _sawUsage;

    public ResponsesEmitter Emitter { get; } = emitter;

    public ResponsesToolSet Tools { get; } = tools;

    public bool Stopped => _stopReason is not null;

    public void Fail(IBufferWriter<byte> client, string message) => Emitter.Fail(client, ResponsesErrorCodes.ServerError, message);

    /// <summary>Anthropic's counts are cumulative (message_start, then message_delta): keep the largest seen.</summary>
    public void AddUsage(long input, long output, long cacheRead, long cacheCreation)
    {
        _sawUsage = true;
        _input = Math.Max(_input, input);
        _output = Math.Max(_output, output);
        _cacheRead = Math.Max(_cacheRead, cacheRead);
        _cacheCreation = Math.Max(_cacheCreation, cacheCreation);
    }

    public void Stop(string? stopReason) => _stopReason = stopReason ?? _stopReason ?? "end_turn";

    public void Complete(IBufferWriter<byte> client)
    {
        var (status, reason) = _stopReason switch
        {
            "max_tokens" or "model_context_window_exceeded" => (ResponsesStatus.Incomplete, "max_output_tokens"),
            "refusal" => (ResponsesStatus.Incomplete, "content_filter"),
            _ => (ResponsesStatus.Completed, (string?)null),
        };
        ResponsesUsage? usage = null;
        if (_sawUsage)
        {
            // Anthropic counts cache reads and writes apart from input_tokens; Responses counts them inside.
            var input = _input + _cacheRead + _cacheCreation;
            usage = new ResponsesUsage(input, _output, input + _output, _cacheRead, 0);
        }

        Emitter.Complete(client, status, reason, usage);
    }
}
