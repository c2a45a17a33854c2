using CodexHelper.Proxy.Intake;
using CodexHelper.RequestLog;
using Microsoft.AspNetCore.Http;

namespace CodexHelper.Proxy.Reporting;

/// <summary>
/// Something beside the request path that watches finished requests and serves pages of its own under
/// <c>/__codex_helper/</c> (the dashboard). Installed through <see cref="ProxyServerOptions.Observer"/>, so
/// the proxy does not depend on it. Its methods are called on request threads and must never block.
/// </summary>
internal interface IProxyObserver : IAsyncDisposable
{
    /// <summary>True while someone is looking: requests then keep headers, body and response heads for the inspector.</summary>
    bool WantsCapture { get; }

    /// <summary>The on-disk capture while it is on, for the status endpoint; null when off.</summary>
    ProxyCaptureStatus? Capture => null;

    /// <summary>Answers an internal path it knows; false leaves the request to the status endpoint.</summary>
    Task<bool> TryHandleAsync(HttpContext context);

    /// <summary>After the log line of a request was queued; <paramref name="capture"/> is null unless <see cref="WantsCapture"/> was true.</summary>
    void RequestFinished(RequestLogEntry entry, RequestCapture? capture);
}
