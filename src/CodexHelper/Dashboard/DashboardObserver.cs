using CodexHelper.Proxy.Intake;
using CodexHelper.Proxy.LocalAnswers;
using CodexHelper.Proxy.Reporting;
using CodexHelper.RequestLog;
using Microsoft.AspNetCore.Http;

namespace CodexHelper.Dashboard;

/// <summary>The dashboard as the proxy sees it: its state (<see cref="DashboardService"/>) and its paths (<see cref="DashboardEndpoint"/>).</summary>
/// <param name="capture">Non-null turns the disk capture on (<c>--capture</c>).</param>
internal sealed class DashboardObserver(ObservedProxy proxy, AppPaths paths, CaptureSettings? capture = null) : IProxyObserver
{
    private readonly DashboardService _service = new(proxy, paths, capture);
    private DashboardEndpoint? _endpoint;

    public bool WantsCapture => _service.WantsCapture;

    public ProxyCaptureStatus? Capture => _service.Capture?.Status;

    /// <summary>The disk capture's writer (tests flush it).</summary>
    public CaptureWriter? CaptureWriter => _service.Capture;

    public Task<bool> TryHandleAsync(HttpContext context) => (_endpoint ??= new DashboardEndpoint(_service)).TryHandleAsync(context);

    public void RequestFinished(RequestLogEntry entry, RequestCapture? capture) => _service.RequestFinished(entry, capture);

    public ValueTask DisposeAsync() => _service.DisposeAsync();
}
