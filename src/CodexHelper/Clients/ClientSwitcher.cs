using System.Security.Cryptography;
using CodexHelper.Configuration;
using CodexHelper.Files;

namespace CodexHelper.Clients;

/// <summary>
/// <c>switch on|off|status</c> for one client file: backup, atomic write, undo. Holds a lock for the
/// whole read-modify-write so two codex-helper processes cannot interleave.
/// </summary>
/// <remarks>
/// The order of writes makes every crash recoverable by a later <c>switch off</c>: the backup is
/// written first, then the state (with the hash of what is about to be written), then the file.
/// A backup is deleted only after it has been restored or used to undo our changes, so the next
/// <c>switch on</c> backs up the file as it is then, never an old copy.
/// </remarks>
internal sealed class ClientSwitcher(AppPaths paths, TimeProvider? time = null, TimeSpan? lockTimeout = null, Func<string, string?>? environment = null)
{
    private readonly Func<string, string?> getEnv = environment ?? Environment.GetEnvironmentVariable;

    public static readonly TimeSpan DefaultLockTimeout = TimeSpan.FromSeconds(10);

    private readonly TimeSpan lockWait = lockTimeout ?? DefaultLockTimeout;

    private readonly TimeProvider clock = time ?? TimeProvider.System;

    private SwitchStateStore State => SwitchStateStore.For(paths);

    public string LockPath(ServiceKind kind) => Path.Combine(paths.HelperHome, $"switch-{kind.Name()}.lock");

    public ClientConfigFile FileFor(ServiceKind kind) => kind == ServiceKind.Codex
        ? new CodexConfigFile(paths.CodexConfigToml)
        : new ClaudeSettingsFile(paths.ClaudeSettingsJson);

    /// <summary>Which local URLs are our proxy for <paramref name="kind"/>: the recorded and the default port.</summary>
    public OurProxy Ours(ServiceKind kind) => OurProxy.For(kind, paths, getEnv);

    public SwitchOutcome On(ServiceKind kind, SwitchOptions options)
    {
        using var held = FileLock.Acquire(LockPath(kind), lockWait, clock);
        var file = FileFor(kind);
        SweepTemps(file);
        var messages = new List<string>();
        var bytes = ReadOrNull(file.FilePath);
        var current = bytes is null ? ClientFileText.Empty : ClientFileText.Decode(bytes, file.FilePath);
        var ours = options.IsRemote ? Ours(kind).WithRemote(options.RemoteUrl, options.TokenEnv) : Ours(kind).With(options.Port);
        var target = bytes is null ? null : file.Describe(current, ours);
        var updated = current.With(file.SwitchOn(current, options)).Encode();
        var record = State.Get(kind);

        if (bytes is not null && !target!.PointsAtOurProxy)
        {
            AtomicFile.Copy(file.FilePath, file.BackupPath);
            messages.Add($"backed up {file.FilePath} to {file.BackupPath}");
        }
        else if (bytes is not null && !File.Exists(file.BackupPath) && record?.CreatedFile != true)
        {
            messages.Add($"warning: {file.FilePath} already pointed at a local proxy and no backup exists; the original upstream cannot be restored from a backup");
        }

        var created = bytes is null || (record?.CreatedFile == true && target!.PointsAtOurProxy);
        State.Set(kind, new SwitchRecord
        {
            File = file.FilePath,
            WrittenSha256 = Sha256(updated),
            CreatedFile = created,
            Port = options.IsRemote ? 0 : options.Port,
            Provider = target?.Provider,
            Remote = options.IsRemote,
            RemoteUrl = options.RemoteUrl,
            TokenEnv = options.TokenEnv,
            SwitchedAt = clock.GetUtcNow(),
        });

        var changed = bytes is null || !updated.AsSpan().SequenceEqual(bytes);
        if (changed)
        {
            AtomicFile.WriteAllBytes(file.FilePath, updated);
        }

        var where = options.IsRemote ? $"the gateway {options.RemoteUrl} (token from ${options.TokenEnv})" : options.TargetUrl;
        messages.Add(bytes is null
            ? $"created {file.FilePath} pointing {kind.Name()} at {where}"
            : changed
                ? $"{kind.Name()} now points at {where} ({file.FilePath})"
                : $"{kind.Name()} already points at {where} ({file.FilePath})");
        return new SwitchOutcome(changed, messages);
    }

    public SwitchOutcome Off(ServiceKind kind)
    {
        using var held = FileLock.Acquire(LockPath(kind), lockWait, clock);
        var file = FileFor(kind);
        SweepTemps(file);
        var record = State.Get(kind);
        var bytes = ReadOrNull(file.FilePath);
        var backup = ReadOrNull(file.BackupPath);
        return WholeFileOff(kind, file, record, bytes, backup) ?? UndoOurEdits(kind, file, record, bytes!, backup);
    }

    /// <summary>The cases the bytes alone decide (interrupted run, missing file, file untouched since switch on):
    /// the file is restored, removed or left whole. Null when our edits must be undone inside the file.</summary>
    private SwitchOutcome? WholeFileOff(ServiceKind kind, ClientConfigFile file, SwitchRecord? record, byte[]? bytes, byte[]? backup)
    {
        if (bytes is not null && backup is not null && bytes.AsSpan().SequenceEqual(backup))
        {
            // A run killed between writing the backup and switching the file (or between restoring it and deleting
            // the backup): the file is as the user had it, and the identical backup is only ours to remove.
            File.Delete(file.BackupPath);
            State.Set(kind, null);
            return new SwitchOutcome(true, [$"{kind.Name()} is not switched on ({file.FilePath}); removed {file.BackupPath}, an identical copy left by an interrupted run"]);
        }

        if (bytes is null)
        {
            if (backup is null)
            {
                State.Set(kind, null);
                return new SwitchOutcome(false, [$"{file.FilePath} does not exist; nothing to switch off"]);
            }

            return RestoreBackup(kind, file, backup, "the file was missing");
        }

        if (record is not null && record.WrittenSha256 == Sha256(bytes))
        {
            if (backup is not null)
            {
                return RestoreBackup(kind, file, backup, "unchanged since switch on");
            }

            if (record.CreatedFile)
            {
                File.Delete(file.FilePath);
                State.Set(kind, null);
                return new SwitchOutcome(true, [$"removed {file.FilePath} (codex-helper had created it)"]);
            }
        }

        return null;
    }

    /// <summary>The file changed since switch on (or we have no record): take out only what we put in, keep the rest.</summary>
    private SwitchOutcome UndoOurEdits(ServiceKind kind, ClientConfigFile file, SwitchRecord? record, byte[] bytes, byte[]? backup)
    {
        var ours = Ours(kind);
        var current = ClientFileText.Decode(bytes, file.FilePath);
        var target = file.Describe(current, ours);
        if (record is null && backup is not null && target.PointsAtOurProxy)
        {
            // Switched without our state (the original codex-helper, or a lost state file): do what the original does.
            return RestoreBackup(kind, file, backup, "switched on by another tool");
        }

        if (record is null && !target.PointsAtOurProxy)
        {
            return new SwitchOutcome(false, [$"{kind.Name()} is not switched on ({file.FilePath}); nothing to do"]);
        }

        var original = backup is null ? null : ClientFileText.Decode(backup, file.BackupPath);
        var undone = current.With(file.SwitchOff(current, original, ours));
        var messages = new List<string>();
        if (record?.CreatedFile == true && IsEmpty(undone.Text))
        {
            File.Delete(file.FilePath);
            messages.Add($"removed {file.FilePath} (codex-helper had created it)");
        }
        else
        {
            AtomicFile.WriteAllBytes(file.FilePath, undone.Encode());
            messages.Add($"undid codex-helper's changes in {file.FilePath} and kept your other edits");
        }

        if (backup is not null)
        {
            File.Delete(file.BackupPath);
        }

        State.Set(kind, null);
        return new SwitchOutcome(true, messages);
    }

    public SwitchStatus Status(ServiceKind kind)
    {
        var file = FileFor(kind);
        var bytes = ReadOrNull(file.FilePath);
        var record = State.Get(kind);
        var target = bytes is null ? null : file.Describe(ClientFileText.Decode(bytes, file.FilePath), Ours(kind));
        bool? edited = record is null || bytes is null ? null : record.WrittenSha256 != Sha256(bytes);
        return new SwitchStatus(
            kind.Name(),
            file.FilePath,
            bytes is not null,
            target?.PointsAtOurProxy == true,
            target?.Provider,
            target?.BaseUrl,
            File.Exists(file.BackupPath),
            file.BackupPath,
            edited,
            record?.Port is > 0 ? record.Port : null,
            record?.Remote == true,
            record?.TokenEnv);
    }

    private SwitchOutcome RestoreBackup(ServiceKind kind, ClientConfigFile file, byte[] backup, string why)
    {
        // An existing file keeps its own mode (AtomicFile); a missing one gets the backup's, i.e. the original's.
        var mode = OperatingSystem.IsWindows() ? (UnixFileMode?)null : File.GetUnixFileMode(file.BackupPath);
        AtomicFile.WriteAllBytes(file.FilePath, backup, mode);
        File.Delete(file.BackupPath);
        State.Set(kind, null);
        return new SwitchOutcome(true, [$"restored {file.FilePath} from {file.BackupPath} ({why})"]);
    }

    /// <summary>Temp files of a run killed mid-write; safe to delete because we hold the lock every writer holds.</summary>
    private static void SweepTemps(ClientConfigFile file)
    {
        AtomicFile.DeleteOrphanedTemps(file.FilePath);
        AtomicFile.DeleteOrphanedTemps(file.BackupPath);
    }

    private static bool IsEmpty(string text)
    {
        var trimmed = text.Trim();
        return trimmed.Length == 0 || trimmed == "{}";
    }

    private static byte[]? ReadOrNull(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
    }

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
