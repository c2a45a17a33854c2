using CodexHelper.Proxy.Intake;
using Microsoft.AspNetCore.Http;

namespace CodexHelper.Proxy.Judging;

/// <summary>
/// A failed upstream answer kept while the next upstream is tried: if every later attempt fails at the
/// transport level, the client still gets a real upstream response (status, headers, body) so that its
/// own retry logic sees what happened.
/// </summary>
internal sealed class CapturedResponse : IDisposable
{
    private const int MaxBody = 256 * 1024;

    private CapturedResponse(HttpResponseMessage response, byte[] body)
    {
        Status = (int)response.StatusCode;
        Message = response;
        Body = body;
    }

    public int Status { get; }
    private HttpResponseMessage Message { get; }
    public byte[] Body { get; }

    public static async Task<CapturedResponse> CaptureAsync(HttpResponseMessage response, CancellationToken ct)
    {
        byte[] body;
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(ct);
            using var copy = new MemoryStream();
            var buffer = new byte[16 * 1024];
            int read;
            while (copy.Length < MaxBody && (read = await stream.ReadAsync(buffer, ct)) > 0)
            {
                copy.Write(buffer, 0, (int)Math.Min(read, MaxBody - copy.Length));
            }

            body = copy.ToArray();
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            body = [];
        }

        return new CapturedResponse(response, body);
    }

    public async Task WriteToAsync(HttpResponse target, CancellationToken ct)
    {
        target.StatusCode = Status;
        HeaderPolicy.CopyResponseHeaders(Message, target);
        target.ContentLength = Body.Length;
        await target.Body.WriteAsync(Body, ct);
        Message.Dispose();
    }

    public void Dispose() => Message.Dispose();
}
