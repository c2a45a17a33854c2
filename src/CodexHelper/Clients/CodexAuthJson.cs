using System.Text.Json;

namespace CodexHelper.Clients;

/// <summary>
/// Codex's <c>auth.json</c>, read only (Codex's login owns it): its string fields such as
/// <c>OPENAI_API_KEY</c>, and whether it holds ChatGPT login tokens.
/// </summary>
internal sealed record CodexAuthJson(IReadOnlyDictionary<string, string> Keys, bool HasChatGptTokens)
{
    public static CodexAuthJson Empty { get; } = new(new Dictionary<string, string>(), false);

    /// <summary>The file, or null when it does not exist. Malformed: <see cref="UserFacingException"/> with file and line.</summary>
    public static CodexAuthJson? Load(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        return Parse(ClientFileText.Decode(bytes, path).Text, path);
    }

    private static CodexAuthJson Parse(string text, string pathForErrors)
    {
        try
        {
            using var doc = JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw UserFacingException.InFile(pathForErrors, 1, "expected a JSON object");
            }

            var keys = new Dictionary<string, string>(StringComparer.Ordinal);
            var tokens = false;
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                if (p.Value.ValueKind == JsonValueKind.String && p.Value.GetString() is { Length: > 0 } s)
                {
                    keys[p.Name] = s;
                }
                else if (p.Name == "tokens" && p.Value.ValueKind == JsonValueKind.Object)
                {
                    tokens = p.Value.TryGetProperty("access_token", out var at) && at.ValueKind == JsonValueKind.String;
                }
            }

            return new CodexAuthJson(keys, tokens);
        }
        catch (JsonException ex)
        {
            throw UserFacingException.InFile(pathForErrors, (ex.LineNumber ?? 0) + 1, "invalid JSON");
        }
    }

    /// <summary>Some <c>*_API_KEY</c> field holds a key.</summary>
    public bool HasApiKey => Keys.Keys.Any(k => k.EndsWith("_API_KEY", StringComparison.Ordinal));

    /// <summary>The one <c>*_API_KEY</c> field, when there is exactly one (the original tool's rule).</summary>
    public string? SingleApiKey
    {
        get
        {
            var found = Keys.Where(k => k.Key.EndsWith("_API_KEY", StringComparison.Ordinal)).Take(2).ToList();
            return found.Count == 1 ? found[0].Value : null;
        }
    }
}
