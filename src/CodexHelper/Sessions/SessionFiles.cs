using System.IO.Enumeration;

namespace CodexHelper.Sessions;

/// <summary>Directory listing that returns mtime and size from the same walk, without a second stat per file.</summary>
internal static class SessionFiles
{
    public static IEnumerable<SessionFile> Find(string root, bool recurse, Func<string, bool> nameFilter, Func<string, string> nameId)
    {
        if (!Directory.Exists(root))
        {
            return [];
        }

        var options = new EnumerationOptions { RecurseSubdirectories = recurse, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.None };
        return new FileSystemEnumerable<SessionFile>(
            root,
            (ref FileSystemEntry entry) =>
            {
                var name = entry.FileName.ToString();
                return new SessionFile(entry.ToFullPath(), entry.LastWriteTimeUtc, entry.Length, nameId(name));
            },
            options)
        {
            ShouldIncludePredicate = (ref FileSystemEntry entry) => !entry.IsDirectory && nameFilter(entry.FileName.ToString()),
        };
    }

    public static FileStream OpenRead(string path, int bufferSize = 1) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize, FileOptions.SequentialScan);
}
