using System.Text.Json;
using CodexHelper.Files;

namespace CodexHelper.Configuration;

/// <summary>The one owner of config.json: load with a clear error, validate, save atomically with a backup.</summary>
internal sealed class ConfigStore(string path, string backupPath)
{
    public string FilePath { get; } = path;

    public static ConfigStore For(AppPaths paths) => new(paths.ConfigJson, paths.ConfigJsonBackup);

    /// <summary>The config, or null when the file does not exist. A malformed file throws <see cref="UserFacingException"/>.</summary>
    public HelperConfig? Load()
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(FilePath);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }

        return Parse(bytes, FilePath);
    }

    /// <summary>For reports that show a broken file as a finding: the config (null when missing or broken) and what is wrong.</summary>
    public HelperConfig? LoadOrProblem(out string? problem)
    {
        problem = null;
        try
        {
            return Load();
        }
        catch (UserFacingException ex)
        {
            problem = ex.Message;
            return null;
        }
    }

    public static HelperConfig Parse(ReadOnlySpan<byte> bytes, string pathForErrors)
    {
        if (bytes.IsEmpty || bytes.Trim(" \t\r\n"u8).IsEmpty)
        {
            throw UserFacingException.InFile(pathForErrors, null, "file is empty (expected a JSON object; delete it to start over)");
        }

        HelperConfig? config;
        try
        {
            config = JsonSerializer.Deserialize(bytes, ConfigJsonContext.Default.HelperConfig);
        }
        catch (JsonException ex)
        {
            throw UserFacingException.InFile(pathForErrors, (ex.LineNumber ?? 0) + 1, Describe(ex));
        }

        if (config is null)
        {
            throw UserFacingException.InFile(pathForErrors, 1, "expected a JSON object, found null");
        }

        var problem = Normalise(config) ?? ConfigValidator.FirstProblem(config);
        if (problem is not null)
        {
            throw UserFacingException.InFile(pathForErrors, null, problem);
        }

        return config;
    }

    public void Save(HelperConfig config)
    {
        if (File.Exists(FilePath))
        {
            AtomicFile.Copy(FilePath, BackupPath);
        }

        config.DropLegacyComputedFields();
        var bytes = JsonSerializer.SerializeToUtf8Bytes(config, ConfigJsonContext.Default.HelperConfig);
        AtomicFile.WriteAllBytes(FilePath, bytes, AtomicFile.UserOnly);
    }

    public string BackupPath { get; } = backupPath;

    /// <summary>
    /// Fills in what the file may leave out (the original writes configs whose <c>name</c> is missing; the map
    /// key is the truth) and returns the first <c>null</c> that stands where an object must be, or null.
    /// JSON that parses must either load or be reported: nothing after this step meets a null it did not expect.
    /// </summary>
    private static string? Normalise(HelperConfig config)
    {
        // A null section is a service with nothing configured, as if the key were absent.
        config.Codex ??= new();
        config.Claude ??= new();
        foreach (var kind in new[] { ServiceKind.Codex, ServiceKind.Claude })
        {
            var section = config.Section(kind);
            section.Configs ??= new(StringComparer.Ordinal);
            foreach (var (key, value) in section.Configs)
            {
                if (value is null)
                {
                    return $"{kind.Name()}.configs.{key} is null (expected an object with \"upstreams\")";
                }

                if (string.IsNullOrEmpty(value.Name))
                {
                    value.Name = key;
                }

                value.Upstreams ??= [];
                for (var i = 0; i < value.Upstreams.Count; i++)
                {
                    if (value.Upstreams[i] is not { } upstream)
                    {
                        return $"{kind.Name()}.configs.{key}.upstreams[{i}] is null (expected an object with \"base_url\")";
                    }

                    upstream.Auth ??= new UpstreamAuth();
                    if (upstream.Tags?.FirstOrDefault(t => t.Value is null) is { Key: { } tag })
                    {
                        return $"{kind.Name()}.configs.{key}.upstreams[{i}].tags.{tag} is null (expected a string)";
                    }
                }
            }
        }

        return null;
    }

    private static string Describe(JsonException ex)
    {
        // System.Text.Json's messages end with "Path: $.x | LineNumber: n | BytePositionInLine: m."; keep the first sentence and the JSON path.
        var msg = ex.Message;
        var cut = msg.IndexOf(" Path:", StringComparison.Ordinal);
        var head = cut > 0 ? msg[..cut] : msg;
        var where = ex.Path is { Length: > 0 } p && p != "$" ? $" (at {p})" : "";
        var col = ex.BytePositionInLine is { } b ? $", column {b + 1}" : "";
        return $"invalid JSON{col}{where}: {head.TrimEnd('.')}";
    }
}
