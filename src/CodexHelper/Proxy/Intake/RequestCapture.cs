using CodexHelper.Configuration;
using Microsoft.AspNetCore.Http;

namespace CodexHelper.Proxy.Intake;

/// <summary>
/// What the request inspector shows of one request: its headers (keys masked), the head of the body as sent
/// upstream (after filtering) and of the response, and the error bodies of failed attempts. Only made while
/// a dashboard is open, and bounded: bodies are cut at a few KiB, so a few hundred of them stay small.
/// </summary>
internal sealed class RequestCapture
{
    public const int MaxRequestBody = 32 * 1024;
    public const int MaxResponseHead = 8 * 1024;
    public const int MaxAttemptBody = 2 * 1024;

    private readonly Lock _gate = new();
    private readonly byte[] _response = new byte[MaxResponseHead];
    private int _responseLength;
    private List<KeyValuePair<string, string>>? _attemptBodies;

    private RequestCapture(IReadOnlyList<KeyValuePair<string, string>> headers) => Headers = headers;

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }
    public byte[] RequestBody { get; private set; } = [];
    public long RequestBodyLength { get; private set; }

    public static RequestCapture Of(IHeaderDictionary headers)
    {
        var list = new List<KeyValuePair<string, string>>(headers.Count);
        foreach (var (name, value) in headers)
        {
            var text = value.ToString();
            list.Add(new(name.ToLowerInvariant(), IsSecret(name) ? SecretMask.Mask(StripScheme(text)) : text));
        }

        return new RequestCapture(list);
    }

    public void SetRequestBody(ReadOnlySpan<byte> body)
    {
        RequestBodyLength = body.Length;
        RequestBody = body[..Math.Min(body.Length, MaxRequestBody)].ToArray();
    }

    /// <summary>The start of the body the last attempt sent in the upstream's protocol, when it was translated.</summary>
    public byte[]? TranslatedBody { get; private set; }

    public void SetTranslatedBody(ReadOnlySpan<byte> body) => TranslatedBody = body[..Math.Min(body.Length, MaxRequestBody)].ToArray();

    /// <summary>Called per relayed chunk; copies only until the head is full.</summary>
    public void AppendResponse(ReadOnlySpan<byte> chunk)
    {
        var room = MaxResponseHead - _responseLength;
        if (room <= 0)
        {
            return;
        }

        lock (_gate)
        {
            var n = Math.Min(room, chunk.Length);
            chunk[..n].CopyTo(_response.AsSpan(_responseLength));
            _responseLength += n;
        }
    }

    public ReadOnlySpan<byte> ResponseHead => _response.AsSpan(0, _responseLength);

    /// <summary>The start of a failed upstream answer (its error text).</summary>
    public void AddAttemptBody(string upstream, ReadOnlySpan<byte> body)
    {
        var text = System.Text.Encoding.UTF8.GetString(body[..Math.Min(body.Length, MaxAttemptBody)]);
        lock (_gate)
        {
            (_attemptBodies ??= []).Add(new(upstream, text));
        }
    }

    public IReadOnlyList<KeyValuePair<string, string>> AttemptBodies
    {
        get
        {
            lock (_gate)
            {
                return _attemptBodies is null ? [] : [.. _attemptBodies];
            }
        }
    }

    private static bool IsSecret(string name) =>
        name.Equals("authorization", StringComparison.OrdinalIgnoreCase)
        || name.Equals("proxy-authorization", StringComparison.OrdinalIgnoreCase)
        || name.Equals("cookie", StringComparison.OrdinalIgnoreCase)
        || name.Contains("key", StringComparison.OrdinalIgnoreCase)
        || name.Contains("token", StringComparison.OrdinalIgnoreCase)
        || name.Contains("secret", StringComparison.OrdinalIgnoreCase);

    private static string StripScheme(string value) =>
        value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? value[7..] : value;
}
