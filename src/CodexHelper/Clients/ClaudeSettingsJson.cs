using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CodexHelper.Clients;

/// <summary>
/// Claude Code's settings.json as a <see cref="JsonObject"/>: key order is kept, and the file is
/// written back with two-space indentation (what Claude Code itself writes) and unescaped
/// non-ASCII text, so an edit changes only the lines of the keys it touches.
/// </summary>
internal sealed class ClaudeSettingsJson
{
    public const string BaseUrlKey = "ANTHROPIC_BASE_URL";
    public const string AuthTokenKey = "ANTHROPIC_AUTH_TOKEN";
    public const string ApiKeyKey = "ANTHROPIC_API_KEY";

    /// <summary>Claude Code refuses to start a request without some token; the proxy replaces this one with the real key.</summary>
    public const string PlaceholderToken = "codex-helper-proxy";

    private static readonly JsonDocumentOptions ReadOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    private ClaudeSettingsJson(JsonObject root) => Root = root;

    public JsonObject Root { get; }

    public static ClaudeSettingsJson Parse(string text, string pathForErrors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return new ClaudeSettingsJson([]);
        }

        JsonNode? node;
        try
        {
            node = JsonNode.Parse(text, documentOptions: ReadOptions);
        }
        catch (JsonException ex)
        {
            var cut = ex.Message.IndexOf(" Path:", StringComparison.Ordinal);
            var message = (cut > 0 ? ex.Message[..cut] : ex.Message).TrimEnd('.');
            throw UserFacingException.InFile(pathForErrors, (ex.LineNumber ?? 0) + 1, $"invalid JSON: {message}");
        }

        if (node is not JsonObject root)
        {
            throw UserFacingException.InFile(pathForErrors, 1, "expected a JSON object");
        }

        if (root["env"] is { } env && env is not JsonObject)
        {
            throw UserFacingException.InFile(pathForErrors, null, "\"env\" must be an object");
        }

        return new ClaudeSettingsJson(root);
    }

    public string? Env(string key) => Root["env"] is JsonObject env && env[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public bool HasEnv(string key) => Root["env"] is JsonObject env && env.ContainsKey(key);

    /// <summary>True when ANTHROPIC_BASE_URL is our proxy; a loopback relay on another port is an ordinary upstream.</summary>
    public bool PointsAt(OurProxy ours) => ours.Owns(Env(BaseUrlKey));

    /// <summary>
    /// Sets ANTHROPIC_BASE_URL to the proxy, and a placeholder token only when the file has no token or key
    /// and the proxy injects a real one (a placeholder would hide a subscription login the proxy passes through).
    /// </summary>
    public void SwitchOn(int port, bool addPlaceholderToken = true)
    {
        var env = EnvObject();
        env[BaseUrlKey] = JsonValue.Create(LocalUrl.ForPort(port));
        if (addPlaceholderToken && !env.ContainsKey(AuthTokenKey) && !env.ContainsKey(ApiKeyKey))
        {
            env[AuthTokenKey] = JsonValue.Create(PlaceholderToken);
        }
    }

    public const string ApiKeyHelperKey = "apiKeyHelper";

    /// <summary>The command <c>apiKeyHelper</c> runs to print the gateway token from <paramref name="variable"/>.</summary>
    /// <remarks>
    /// Claude Code (2.1.x) runs the helper with execa's <c>shell: true</c>: <c>/bin/sh -c</c> on Linux and macOS,
    /// <c>cmd.exe /d /s /c</c> on Windows, which has no <c>printenv</c>. There <c>if defined</c> prints nothing for an
    /// unset variable (Claude Code then says the helper returned no value) instead of echoing <c>%VAR%</c> as a key.
    /// Gateway tokens are base64url, so cmd's echo needs no quoting.
    /// </remarks>
    public static string HelperCommand(string variable, bool? windows = null) =>
        windows ?? OperatingSystem.IsWindows() ? $"if defined {variable} echo %{variable}%" : $"printenv {variable}";

    /// <summary>
    /// Points Claude Code at a codex-helper gateway. The token is never written: Claude Code reads ANTHROPIC_AUTH_TOKEN
    /// from its environment, and any other variable is read by an <c>apiKeyHelper</c> command. A token in the file's
    /// own env would override it, so it goes (the backup keeps it).
    /// </summary>
    public void SwitchOnRemote(string url, string variable)
    {
        var env = EnvObject();
        env[BaseUrlKey] = JsonValue.Create(url);
        env.Remove(AuthTokenKey);
        if (variable != AuthTokenKey)
        {
            Root[ApiKeyHelperKey] = JsonValue.Create(HelperCommand(variable));
        }
    }

    /// <summary>Undoes <see cref="SwitchOn"/> using the values in <paramref name="before"/> (null: the file did not exist).</summary>
    public void SwitchOff(ClaudeSettingsJson? before, OurProxy ours)
    {
        // Only the exact command we wrote is ours: a helper the user changed while switched on stays.
        if (ours.TokenEnv is { } variable && Root[ApiKeyHelperKey] is JsonValue helper && helper.TryGetValue<string>(out var command)
            && command == HelperCommand(variable))
        {
            if (before?.Root[ApiKeyHelperKey] is { } previous)
            {
                Root[ApiKeyHelperKey] = previous.DeepClone();
            }
            else
            {
                Root.Remove(ApiKeyHelperKey);
            }
        }

        if (Root["env"] is not JsonObject env)
        {
            return;
        }

        if (ours.Remote is not null && !env.ContainsKey(AuthTokenKey) && before?.Root["env"] is JsonObject old && old[AuthTokenKey] is { } token)
        {
            env[AuthTokenKey] = token.DeepClone();
        }

        if (ours.Owns(Env(BaseUrlKey)))
        {
            if (before?.Env(BaseUrlKey) is { } previous && !ours.Owns(previous))
            {
                env[BaseUrlKey] = JsonValue.Create(previous);
            }
            else
            {
                env.Remove(BaseUrlKey);
            }
        }

        if (Env(AuthTokenKey) == PlaceholderToken && before?.HasEnv(AuthTokenKey) != true)
        {
            env.Remove(AuthTokenKey);
        }

        if (env.Count == 0 && before?.Root.ContainsKey("env") != true)
        {
            Root.Remove("env");
        }
    }

    public string Serialize(string newLine, bool trailingNewLine)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions
        {
            Indented = true,
            IndentSize = 2,
            NewLine = newLine,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }))
        {
            Root.WriteTo(writer);
        }

        var text = Encoding.UTF8.GetString(buffer.ToArray());
        return trailingNewLine ? text + newLine : text;
    }

    private JsonObject EnvObject()
    {
        if (Root["env"] is JsonObject env)
        {
            return env;
        }

        env = [];
        Root["env"] = env;
        return env;
    }
}
