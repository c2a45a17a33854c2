using System.Text.Json;
using CodexHelper.Configuration;
using CodexHelper.Files;

namespace CodexHelper.Quota;

/// <summary>
/// The one reader and writer of <c>$CODEX_HELPER_HOME/usage_providers.json</c>. A missing file is created with the
/// original tool's defaults; a broken one is reported as <c>file:line: problem</c> and never overwritten.
/// </summary>
internal sealed class UsageProvidersFile
{
    public const string PackycodeEndpoint = "https://www.packycode.com/api/backend/users/info";

    /// <summary>Our choice: the original names yes.vg's provider but its endpoint is not part of our contract.</summary>
    public const string YescodeEndpoint = "https://co.yes.vg/api/v1/user/balance";

    private static readonly JsonReaderOptions ReaderOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    private UsageProvidersFile(string path, IReadOnlyList<UsageProvider> providers, string? problem)
    {
        Path = path;
        Providers = providers;
        Problem = problem;
    }

    public string Path { get; }
    public IReadOnlyList<UsageProvider> Providers { get; }

    /// <summary>Why the file could not be used (file:line: problem); the providers list is then empty.</summary>
    public string? Problem { get; }

    public static IReadOnlyList<UsageProvider> Defaults() =>
    [
        new() { Id = "packycode", Kind = UsageProviderKinds.BudgetHttpJson, Domains = ["packycode.com"], Endpoint = PackycodeEndpoint, PollIntervalSecs = 60 },
        new() { Id = "yescode", Kind = UsageProviderKinds.YescodeProfile, Domains = ["yes.vg"], Endpoint = YescodeEndpoint, PollIntervalSecs = 60 },
    ];

    /// <summary>Reads the file, creating it with <see cref="Defaults"/> when missing. Throws <see cref="UserFacingException"/> for a broken file.</summary>
    public static UsageProvidersFile Load(string path)
    {
        if (!File.Exists(path))
        {
            var defaults = Defaults();
            var json = JsonSerializer.Serialize(new UsageProvidersDocument { Providers = [.. defaults] }, QuotaJsonContext.Default.UsageProvidersDocument);
            AtomicFile.WriteAllText(path, json + "\n");
            return new UsageProvidersFile(path, defaults, null);
        }

        return Parse(path, File.ReadAllBytes(path));
    }

    /// <summary>Like <see cref="Load"/>, but a broken file becomes <see cref="Problem"/> instead of an exception, so the proxy keeps running.</summary>
    public static UsageProvidersFile LoadOrProblem(string path)
    {
        try
        {
            return Load(path);
        }
        catch (UserFacingException ex)
        {
            return new UsageProvidersFile(path, [], ex.Message);
        }
        catch (IOException ex)
        {
            return new UsageProvidersFile(path, [], $"{path}: {ex.Message}");
        }
        catch (UnauthorizedAccessException ex)
        {
            return new UsageProvidersFile(path, [], $"{path}: {ex.Message}");
        }
    }

    public static UsageProvidersFile Parse(string pathForErrors, byte[] bytes)
    {
        UsageProvidersDocument? doc;
        try
        {
            doc = JsonSerializer.Deserialize(bytes, QuotaJsonContext.Default.UsageProvidersDocument);
        }
        catch (JsonException ex)
        {
            var cut = ex.Message.IndexOf(" Path:", StringComparison.Ordinal);
            var head = (cut > 0 ? ex.Message[..cut] : ex.Message).TrimEnd('.');
            var where = ex.Path is { Length: > 0 } p && p != "$" ? $" (at {p})" : "";
            throw UserFacingException.InFile(pathForErrors, (ex.LineNumber ?? 0) + 1, $"invalid JSON{where}: {head}");
        }

        if (doc?.Providers is not { } providers)
        {
            throw UserFacingException.InFile(pathForErrors, 1, "expected an object with a \"providers\" array");
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < providers.Count; i++)
        {
            if (Check(providers[i], ids) is { } problem)
            {
                var line = LineOf(bytes, i, problem.Field);
                throw UserFacingException.InFile(pathForErrors, line, $"providers[{i}].{problem.Field}: {problem.Message}");
            }
        }

        return new UsageProvidersFile(pathForErrors, providers, null);
    }

    private static (string Field, string Message)? Check(UsageProvider? p, HashSet<string> ids)
    {
        if (p is null)
        {
            return ("id", "expected a provider object, found null");
        }

        if (string.IsNullOrWhiteSpace(p.Id))
        {
            return ("id", "missing id");
        }

        if (!ids.Add(p.Id))
        {
            return ("id", $"duplicate id \"{p.Id}\"");
        }

        if (!UsageProviderKinds.All.Contains(p.Kind))
        {
            return ("kind", $"unknown kind \"{p.Kind}\" (expected {string.Join(", ", UsageProviderKinds.All)})");
        }

        if (p.Domains is not { Count: > 0 } || p.Domains.Any(string.IsNullOrWhiteSpace))
        {
            return ("domains", "needs at least one non-empty domain");
        }

        if (p.Endpoint is null && p.Kind != UsageProviderKinds.OpenAiBilling)
        {
            return ("endpoint", $"required for kind {p.Kind}");
        }

        if (p.Endpoint is not null && ConfigValidator.UrlProblem(p.Endpoint) is { } urlProblem)
        {
            return ("endpoint", urlProblem);
        }

        if (!double.IsFinite(p.PollIntervalSecs) || p.PollIntervalSecs < 0)
        {
            return ("poll_interval_secs", "must be a non-negative number of seconds");
        }

        return null;
    }

    /// <summary>1-based line of providers[index].field (or of the provider object when the field is absent).</summary>
    private static long? LineOf(byte[] bytes, int index, string field)
    {
        try
        {
            var reader = new Utf8JsonReader(bytes, ReaderOptions);
            long? objectStart = null;
            var item = -1;
            var inProviders = false;
            while (reader.Read())
            {
                if (!inProviders)
                {
                    inProviders = reader.CurrentDepth == 1 && reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("providers"u8);
                    continue;
                }

                if (reader.CurrentDepth == 2 && reader.TokenType is JsonTokenType.StartObject or JsonTokenType.Null)
                {
                    if (++item == index)
                    {
                        objectStart = reader.TokenStartIndex;
                        if (reader.TokenType == JsonTokenType.Null)
                        {
                            break;
                        }
                    }
                    else if (reader.TokenType == JsonTokenType.StartObject)
                    {
                        reader.Skip();
                    }
                }
                else if (item == index && reader.CurrentDepth == 3 && reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals(field))
                {
                    return LineAt(bytes, reader.TokenStartIndex);
                }
                else if (item == index && reader.CurrentDepth == 2 && reader.TokenType == JsonTokenType.EndObject)
                {
                    break;
                }
            }

            return objectStart is { } start ? LineAt(bytes, start) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static long LineAt(byte[] bytes, long offset) => bytes.AsSpan(0, (int)offset).Count((byte)'\n') + 1;
}
