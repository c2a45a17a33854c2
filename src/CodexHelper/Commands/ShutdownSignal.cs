using System.Runtime.InteropServices;

namespace CodexHelper.Commands;

/// <summary>
/// Turns Ctrl+C, SIGTERM, SIGHUP and SIGQUIT into a cancellation, so that the proxy stops cleanly (and the
/// one-command start switches the client back) instead of the runtime killing the process.
/// On Windows SIGHUP is the console window being closed and SIGTERM is log-off or shut-down: Windows ends the process
/// as soon as the handler returns (and after ~5 s at most), so there the handler waits until the owner has cleaned
/// up, which it says by disposing this object (after switch off has put the client's file back).
/// </summary>
internal sealed class ShutdownSignal : IDisposable
{
    // Below Windows' own limit for console close (5 s), so the restore gets the time and Windows never has to kill us.
    private static readonly TimeSpan CleanupGrace = TimeSpan.FromSeconds(4.5);

    private readonly CancellationTokenSource _cts;
    private readonly TaskCompletionSource _cleanedUp = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<PosixSignalRegistration> _registrations = [];

    public ShutdownSignal(CancellationToken outer = default)
    {
        _cts = CancellationTokenSource.CreateLinkedTokenSource(outer);
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP, PosixSignal.SIGQUIT })
        {
            try
            {
                _registrations.Add(PosixSignalRegistration.Create(signal, OnSignal));
            }
            catch (PlatformNotSupportedException)
            {
            }
        }
    }

    public CancellationToken Token => _cts.Token;

    /// <summary>Pure: whether the process ends when the handler returns, whatever the handler asks.</summary>
    public static bool EndsWhenHandlerReturns(PosixSignal signal, bool isWindows) =>
        isWindows && signal is PosixSignal.SIGHUP or PosixSignal.SIGTERM;

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        try
        {
            _cts.Cancel();
        }
        catch (ObjectDisposedException)
        {
            return;
        }

        if (EndsWhenHandlerReturns(context.Signal, OperatingSystem.IsWindows()))
        {
            _cleanedUp.Task.Wait(CleanupGrace);
        }
    }

    public void Dispose()
    {
        _cleanedUp.TrySetResult();
        foreach (var r in _registrations)
        {
            r.Dispose();
        }

        _cts.Dispose();
    }
}
