namespace CodexHelper.Diagnostics;

/// <summary>
/// Pure: where a shell would look for a program, and how to start what it finds. On Windows npm installs a client as
/// <c>codex.cmd</c> (plus a <c>codex.ps1</c> and an extension-less shell script that Windows cannot run), PATH entries
/// may be quoted and are separated by <c>;</c>, and a <c>.cmd</c> file must be started through <c>cmd.exe</c>.
/// </summary>
internal static class PathSearch
{
    private const string DefaultPathExt = ".COM;.EXE;.BAT;.CMD";

    /// <summary>Every file to try, in the order the OS's shell tries them.</summary>
    public static IEnumerable<string> Candidates(string name, string? path, string? pathExt, bool isWindows)
    {
        var separator = isWindows ? ';' : ':';
        var extensions = isWindows
            ? (string.IsNullOrWhiteSpace(pathExt) ? DefaultPathExt : pathExt).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [""];
        foreach (var entry in (path ?? "").Split(separator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var dir = isWindows ? entry.Trim('"') : entry;
            if (dir.Length == 0)
            {
                continue;
            }

            foreach (var ext in extensions)
            {
                yield return isWindows ? dir.TrimEnd('\\', '/') + "\\" + name + ext : Path.Combine(dir, name);
            }
        }
    }

    /// <summary>The program and arguments that run <paramref name="exe"/> with <paramref name="args"/>.</summary>
    public static (string File, string[] Args) Launch(string exe, string[] args, bool isWindows) =>
        isWindows && (exe.EndsWith(".cmd", StringComparison.OrdinalIgnoreCase) || exe.EndsWith(".bat", StringComparison.OrdinalIgnoreCase))
            ? ("cmd.exe", ["/d", "/c", exe, .. args])
            : (exe, args);
}
