using System.Collections.Frozen;
using System.Text;

namespace CodexHelper.Dashboard;

/// <summary>
/// The page's files, embedded in the binary (see CodexHelper.csproj): nothing is fetched from the network, so
/// the dashboard works offline and cannot be changed on disk.
/// </summary>
internal static class DashboardAssets
{
    private static readonly FrozenDictionary<string, (byte[] Bytes, string ContentType)> Files = Load();

    /// <summary>A static file by its name (<c>app.js</c>), or null.</summary>
    public static (byte[] Bytes, string ContentType)? Find(string name) =>
        Files.TryGetValue(name, out var file) ? file : null;

    /// <summary>The page with this process's token and service filled in (both are plain ASCII, no escaping needed).</summary>
    public static byte[] Page(string token, string service)
    {
        var html = Encoding.UTF8.GetString(Files["index.html"].Bytes);
        return Encoding.UTF8.GetBytes(html.Replace("{{TOKEN}}", token, StringComparison.Ordinal).Replace("{{SERVICE}}", service, StringComparison.Ordinal));
    }

    private static FrozenDictionary<string, (byte[], string)> Load()
    {
        var assembly = typeof(DashboardAssets).Assembly;
        var files = new Dictionary<string, (byte[], string)>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith("dashboard/", StringComparison.Ordinal))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var name = resource["dashboard/".Length..];
            files[name] = (copy.ToArray(), ContentType(name));
        }

        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static string ContentType(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        _ => "application/octet-stream",
    };
}
