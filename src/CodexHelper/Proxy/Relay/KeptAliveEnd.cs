using CodexHelper.Proxy.Intake;
using CodexHelper.Proxy.Reporting;
using Microsoft.AspNetCore.Http;

namespace CodexHelper.Proxy.Relay;

/// <summary>
/// Ends a client response that keepalives began during the first-event hold when no upstream answered well: its
/// status is out, so the failure line goes in-stream. Codex gets a retryable <c>response.failed</c> with the line;
/// other clients get the connection cut (Claude Code then reports a lost connection and retries, where an Anthropic
/// <c>error</c> event would only show "malformed response").
/// </summary>
internal static class KeptAliveEnd
{
    public static async Task WriteAsync(HttpContext context, RequestRecord record, string message)
    {
        if (ErrorResponses.ShapeFor(record.Wire) == ErrorResponses.ErrorShape.ResponsesEvent)
        {
            try
            {
                using var buffer = new MemoryStream();
                ErrorResponses.WriteResponsesFailed(buffer, "codex-helper: " + message, retryable: true);
                await context.Response.BodyWriter.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), context.RequestAborted);
                await context.Response.BodyWriter.CompleteAsync();
                return;
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or InvalidOperationException)
            {
                // The client is gone as well: cut below.
            }
        }

        context.Abort();
    }
}
