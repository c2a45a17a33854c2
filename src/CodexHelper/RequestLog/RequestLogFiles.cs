using System.Globalization;

namespace CodexHelper.RequestLog;

/// <summary>
/// The rotated set of a log: <c>requests.jsonl</c> (current), <c>requests.jsonl.1</c> (newest rotated)
/// … <c>requests.jsonl.N</c> (oldest). Only this type knows the naming.
/// </summary>
internal static class RequestLogFiles
{
    /// <summary>
    /// A gateway replica's own log beside the shared one: <c>requests.jsonl</c> → <c>requests.&lt;instance&gt;.jsonl</c>.
    /// Replicas never append to one file, so each can rotate its own without coordinating.
    /// </summary>
    public static string ForInstance(string path, string instance)
    {
        var dir = Path.GetDirectoryName(path) ?? "";
        return Path.Combine(dir, $"{Path.GetFileNameWithoutExtension(path)}.{instance}{Path.GetExtension(path)}");
    }

    /// <summary>
    /// Every log set that <c>usage</c> reads: the local one and each replica's (<c>requests.*.jsonl</c>), each set's
    /// files oldest first. Replicas' lines are not interleaved by time across sets.
    /// </summary>
    public static IReadOnlyList<string> AllSetsOldestFirst(string path)
    {
        var files = new List<string>(OldestFirst(path));
        foreach (var set in InstanceSets(path))
        {
            files.AddRange(OldestFirst(set));
        }

        return files;
    }

    /// <summary>The current files of the replicas' logs next to <paramref name="path"/> (rotated ones follow from these).</summary>
    public static IReadOnlyList<string> InstanceSets(string path)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (!Directory.Exists(dir))
        {
            return [];
        }

        var stem = Path.GetFileNameWithoutExtension(path) + ".";
        var ext = Path.GetExtension(path);
        var sets = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(dir, stem + "*"))
        {
            var name = Path.GetFileName(file);
            // requests.<instance>.jsonl, or a rotated requests.<instance>.jsonl.N whose current file is gone.
            var end = name.IndexOf(ext, stem.Length, StringComparison.Ordinal);
            if (end > stem.Length && (end + ext.Length == name.Length || name[end + ext.Length] == '.'))
            {
                sets.Add(Path.Combine(dir, name[..(end + ext.Length)]));
            }
        }

        return [.. sets];
    }

    /// <summary>The existing files of the set, oldest first, the current file last.</summary>
    public static IReadOnlyList<string> OldestFirst(string path)
    {
        var files = Rotated(path).OrderByDescending(r => r.Number).Select(r => r.Path).ToList();
        if (File.Exists(path))
        {
            files.Add(path);
        }

        return files;
    }

    /// <summary>
    /// Shifts <c>.k</c> to <c>.k+1</c>, the current file to <c>.1</c>, and deletes whatever would be
    /// beyond <paramref name="keepFiles"/> rotated files. The caller must have closed the current file.
    /// </summary>
    internal static void Rotate(string path, int keepFiles)
    {
        foreach (var old in Rotated(path).Where(r => r.Number >= keepFiles))
        {
            File.Delete(old.Path);
        }

        for (var k = keepFiles - 1; k >= 1; k--)
        {
            var from = Numbered(path, k);
            if (File.Exists(from))
            {
                File.Move(from, Numbered(path, k + 1), overwrite: true);
            }
        }

        if (!File.Exists(path))
        {
            return;
        }

        if (keepFiles > 0)
        {
            File.Move(path, Numbered(path, 1), overwrite: true);
        }
        else
        {
            File.Delete(path);
        }
    }

    private static string Numbered(string path, int k) => path + "." + k.ToString(CultureInfo.InvariantCulture);

    private static IEnumerable<(int Number, string Path)> Rotated(string path)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (!Directory.Exists(dir))
        {
            yield break;
        }

        var prefix = Path.GetFileName(path) + ".";
        foreach (var file in Directory.EnumerateFiles(dir, prefix + "*"))
        {
            // The wildcard also matches the current file itself ("name.*" matches "name"), hence the length check.
            var name = Path.GetFileName(file.AsSpan());
            if (name.Length > prefix.Length && name.StartsWith(prefix, StringComparison.Ordinal)
                && int.TryParse(name[prefix.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0)
            {
                yield return (n, file);
            }
        }
    }
}
