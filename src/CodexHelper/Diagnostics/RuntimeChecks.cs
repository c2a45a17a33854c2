using System.Text.Json;
using CodexHelper.Configuration;
using CodexHelper.RequestLog;

namespace CodexHelper.Diagnostics;

/// <summary>Checks of the running machine: ports, log files, disk.</summary>
internal static class RuntimeChecks
{
    /// <summary>Below this much free space the log directory gets a warning; below a tenth of it, a failure.</summary>
    internal const long LowDiskBytes = 200L * 1024 * 1024;

    public static DoctorCheck Port(ServiceKind kind, ProxyProbeResult probe, ClientState? client = null) => client is { UsesGateway: true }
        ? DoctorCheck.Note($"ports.{kind.Name()}", $"local proxy checks do not apply: {ClientName(kind)} uses the gateway {client.RemoteUrl}"
            + (probe.State == ProxyState.Running ? $" (a local proxy runs on port {probe.Port} anyway, unused)" : ""))
        : probe.State switch
    {
        // The state a kill -9 of `ch` leaves: the client is sent to a port nobody answers and loops "Reconnecting…".
        ProxyState.NotRunning when client is { SwitchedOn: true } => DoctorCheck.Failure($"ports.{kind.Name()}",
            $"{ClientName(kind)} points at codex-helper's proxy ({client.BaseUrl ?? LocalUrlFor(probe.Port)}) but nothing listens on port {probe.Port}: it cannot work",
            $"start the proxy again with `ch{Flag(kind)}{PortFlag(kind, probe.Port)}`, or give the client its own settings back with `codex-helper switch off{Flag(kind)}`"),
        ProxyState.Running => DoctorCheck.Pass($"ports.{kind.Name()}", $"port {probe.Port}: codex-helper proxy running (pid {probe.Status!.Pid}, config {probe.Status.ActiveConfig ?? "none"})"),
        ProxyState.Foreign => DoctorCheck.Failure($"ports.{kind.Name()}", $"port {probe.Port} is held by another program ({probe.Detail})",
            $"stop that program, or run on another port: `codex-helper serve{(kind == ServiceKind.Claude ? " --claude" : "")} --port N` and set {ServicePorts.EnvVar(kind)}=N"),
        _ => DoctorCheck.Pass($"ports.{kind.Name()}", $"port {probe.Port} is free (no proxy running)"),
    };

    internal static string ClientName(ServiceKind kind) => kind == ServiceKind.Codex ? "Codex" : "Claude Code";

    private static string Flag(ServiceKind kind) => kind == ServiceKind.Claude ? " --claude" : "";

    private static string PortFlag(ServiceKind kind, int port) => port == kind.DefaultPort() ? "" : $" --port {port}";

    private static string LocalUrlFor(int port) => $"http://127.0.0.1:{port}";

    public static DoctorCheck RequestLog(string path)
    {
        const string id = "logs.requests";
        var files = RequestLogFiles.OldestFirst(path);
        if (files.Count == 0)
        {
            return DoctorCheck.Note(id, $"no requests logged yet ({path})");
        }

        var status = LogProbe.Probe(path);
        var lines = new RequestLogReader(path).TailLines(20);
        var bad = lines.Count(l => !IsEntry(l));
        var summary = $"{status.Files} file{(status.Files == 1 ? "" : "s")}, {status.SizeBytes / 1024.0 / 1024.0:0.0} MiB, last request {status.LastRequest?.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss") ?? "unknown"}";
        return bad > 0
            ? DoctorCheck.Warning(id, $"{summary}; {bad} of the last {lines.Count} lines are malformed", "usually a crash mid-write; `usage` skips such lines")
            : DoctorCheck.Pass(id, summary);
    }

    public static DoctorCheck Disk(string logsDir, Func<string, long?>? freeBytes = null)
    {
        const string id = "logs.disk";
        var dir = logsDir;
        while (!Directory.Exists(dir) && Path.GetDirectoryName(dir) is { Length: > 0 } parent && parent != dir)
        {
            if (File.Exists(dir))
            {
                return DoctorCheck.Failure(id, $"{dir} is a file, so {logsDir} cannot be created", "move that file away");
            }

            dir = parent; // not created yet: what matters is whether it can be
        }

        try
        {
            var probe = Path.Combine(dir, $".codex-helper-doctor-{Environment.ProcessId}.tmp");
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return DoctorCheck.Failure(id, $"{dir} is not writable: {ex.Message}", "fix the directory's permissions; requests cannot be logged");
        }

        var free = (freeBytes ?? FreeBytes)(dir);
        if (free is not { } f)
        {
            return DoctorCheck.Pass(id, $"{dir} is writable");
        }

        var text = $"{dir} is writable; {f / 1024.0 / 1024.0 / 1024.0:0.0} GiB free";
        return f < LowDiskBytes / 10 ? DoctorCheck.Failure(id, text, "free some disk space; the log rotates but needs room")
            : f < LowDiskBytes ? DoctorCheck.Warning(id, text, "free some disk space soon")
            : DoctorCheck.Pass(id, text);
    }

    private static long? FreeBytes(string dir)
    {
        try
        {
            return new DriveInfo(Path.GetFullPath(dir)).AvailableFreeSpace;
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static bool IsEntry(string line)
    {
        try
        {
            return JsonSerializer.Deserialize(line, RequestLogJsonContext.Default.RequestLogEntry) is not null;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
