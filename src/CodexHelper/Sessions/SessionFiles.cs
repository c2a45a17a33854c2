using System.IO.Enumeration;

namespace CodexHelper.Sessions;

/// <summary>Directory listing by name only: readdir's entry type tells files from directories without a stat.</summary>
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
                return new SessionFile(entry.ToFullPath(), nameId(name));
            },
            options)
        {
            ShouldIncludePredicate = (ref FileSystemEntry entry) => !entry.IsDirectory && nameFilter(entry.FileName.ToString()),
        };
    }

    public static Microsoft.Win32.SafeHandles.SafeFileHandle OpenHandle(string path) =>
        File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);

    public static FileStream OpenRead(string path, int bufferSize = 1) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize, FileOptions.SequentialScan);
}
