namespace CodexHelper.Dashboard;

/// <summary>
/// <c>--capture</c>: every inspected request is also written to disk. <paramref name="WriteFile"/> replaces the
/// atomic file write (tests block it to show that a slow disk never slows a request).
/// </summary>
internal sealed record CaptureSettings(int Keep = CaptureSettings.DefaultKeep, Action<string, byte[]>? WriteFile = null)
{
    /// <summary>Files kept per service: a capture is at most ~50 KB (bodies are cut), so a few tens of MB at worst.</summary>
    public const int DefaultKeep = 500;
}
