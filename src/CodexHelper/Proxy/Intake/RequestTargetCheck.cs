using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http;

namespace CodexHelper.Proxy.Intake;

/// <summary>
/// Targets the proxy refuses before anything is forwarded. Kestrel accepts an absolute-form target
/// (<c>POST http://elsewhere/v1/responses</c>) and resolves <c>..</c> segments on its own, so the path we
/// would forward could differ from what the client wrote: a client that writes those is not one of ours.
/// </summary>
internal static class RequestTargetCheck
{
    /// <summary>Why the request's target is refused, or null when it is an ordinary origin-form path.</summary>
    public static string? Problem(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(raw) || raw[0] != '/')
        {
            return "request target must be a path (origin-form, starting with /)";
        }

        var path = raw.AsSpan();
        var query = path.IndexOf('?');
        if (query >= 0)
        {
            path = path[..query];
        }

        foreach (var range in path.Split('/'))
        {
            var segment = path[range];
            if (IsDotSegment(segment))
            {
                return "request path must not contain . or .. segments";
            }
        }

        return null;
    }

    private static bool IsDotSegment(ReadOnlySpan<char> segment)
    {
        var dots = 0;
        for (var i = 0; i < segment.Length; i++)
        {
            if (segment[i] == '.')
            {
                dots++;
            }
            else if (segment[i] == '%' && i + 2 < segment.Length && segment[i + 1] == '2' && (segment[i + 2] is 'e' or 'E'))
            {
                dots++;
                i += 2;
            }
            else
            {
                return false;
            }
        }

        return dots is 1 or 2;
    }
}
