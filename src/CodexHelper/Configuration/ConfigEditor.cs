using System.Text.RegularExpressions;

namespace CodexHelper.Configuration;

/// <summary>
/// The changes the <c>config</c> commands make to config.json, on the loaded model: each checks its
/// input and throws a one-line <see cref="UserFacingException"/> for a mistake, so nothing is saved.
/// </summary>
internal static partial class ConfigEditor
{
    public static void AddConfig(HelperConfig config, ServiceKind kind, string name, UpstreamConfig upstream, string? alias)
    {
        CheckName(name);
        var section = config.Section(kind);
        if (section.Configs.ContainsKey(name))
        {
            throw new UserFacingException($"{kind.Name()} config '{name}' already exists; use 'config add-upstream {name} …' to add a relay to it");
        }

        CheckUpstream(upstream);
        section.Configs[name] = new ServiceConfig { Name = name, Alias = alias, Upstreams = [upstream] };
        if (section.Active is null || !section.Configs.ContainsKey(section.Active))
        {
            section.Active = name;
        }
    }

    public static int AddUpstream(HelperConfig config, ServiceKind kind, string name, UpstreamConfig upstream)
    {
        var target = Find(config, kind, name);
        CheckUpstream(upstream);
        if (target.Upstreams.Any(u => SameUrl(u.BaseUrl, upstream.BaseUrl)))
        {
            throw new UserFacingException($"{kind.Name()} config '{name}' already has an upstream {upstream.BaseUrl}");
        }

        target.Upstreams.Add(upstream);
        return target.Upstreams.Count - 1;
    }

    /// <summary>Removes by 0-based index (as in <c>upstreams[i]</c>) or by base URL; returns the removed upstream.</summary>
    public static UpstreamConfig RemoveUpstream(HelperConfig config, ServiceKind kind, string name, string indexOrUrl)
    {
        var target = Find(config, kind, name);
        int index;
        if (int.TryParse(indexOrUrl, out var i))
        {
            index = i >= 0 && i < target.Upstreams.Count
                ? i
                : throw new UserFacingException($"{kind.Name()} config '{name}' has upstreams 0..{target.Upstreams.Count - 1}, not {i}");
        }
        else
        {
            index = target.Upstreams.FindIndex(u => SameUrl(u.BaseUrl, indexOrUrl));
            if (index < 0)
            {
                throw new UserFacingException($"{kind.Name()} config '{name}' has no upstream {indexOrUrl}");
            }
        }

        if (target.Upstreams.Count == 1)
        {
            throw new UserFacingException($"'{indexOrUrl}' is the only upstream of '{name}'; remove the config instead: codex-helper config remove {name}");
        }

        var removed = target.Upstreams[index];
        target.Upstreams.RemoveAt(index);
        return removed;
    }

    public static void RemoveConfig(HelperConfig config, ServiceKind kind, string name)
    {
        Find(config, kind, name);
        var section = config.Section(kind);
        section.Configs.Remove(name);
        if (section.Active == name)
        {
            section.Active = section.Configs.Keys.FirstOrDefault();
        }
    }

    public static void SetActive(HelperConfig config, ServiceKind kind, string name)
    {
        Find(config, kind, name);
        config.Section(kind).Active = name;
    }

    public static ServiceConfig Find(HelperConfig config, ServiceKind kind, string name)
    {
        var section = config.Section(kind);
        if (section.Configs.TryGetValue(name, out var found))
        {
            return found;
        }

        var known = section.Configs.Count == 0 ? "there are none yet" : "known: " + string.Join(", ", section.Configs.Keys);
        throw new UserFacingException($"no {kind.Name()} config named '{name}' ({known})");
    }

    /// <summary>Builds an upstream from the command-line flags; at most one way of giving the key.</summary>
    public static UpstreamConfig Upstream(string baseUrl, string? authToken, string? apiKey, string? authTokenEnv, string? apiKeyEnv, IEnumerable<string>? tags)
    {
        var given = new[] { authToken, apiKey, authTokenEnv, apiKeyEnv }.Count(v => v is not null);
        if (given > 1)
        {
            throw new UserFacingException("give at most one of --auth-token, --api-key, --auth-token-env, --api-key-env", 2);
        }

        foreach (var env in new[] { authTokenEnv, apiKeyEnv })
        {
            if (env is not null && !EnvName().IsMatch(env))
            {
                throw new UserFacingException($"'{env}' is not an environment variable name (letters, digits, _; not starting with a digit)", 2);
            }
        }

        if (authToken is { Length: 0 } || apiKey is { Length: 0 })
        {
            throw new UserFacingException("the key must not be empty", 2);
        }

        var parsedTags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tag in tags ?? [])
        {
            var eq = tag.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new UserFacingException($"--tag expects key=value, not '{tag}'", 2);
            }

            parsedTags[tag[..eq].Trim()] = tag[(eq + 1)..].Trim();
        }

        return new UpstreamConfig
        {
            BaseUrl = baseUrl.Trim(),
            Auth = new UpstreamAuth { AuthToken = authToken, ApiKey = apiKey, AuthTokenEnv = authTokenEnv, ApiKeyEnv = apiKeyEnv },
            Tags = parsedTags.Count == 0 ? null : parsedTags,
        };
    }

    /// <summary>Sets the upstream's <c>model_map</c> from repeated <c>--model-map FROM=TO</c> flags, in the order given.</summary>
    public static UpstreamConfig WithModelMap(UpstreamConfig upstream, IReadOnlyList<string>? rules)
    {
        if (rules is null || rules.Count == 0)
        {
            return upstream;
        }

        foreach (var rule in rules)
        {
            if (ModelMapping.ModelMapRule.TryParse(rule, out var problem) is null)
            {
                throw new UserFacingException($"--model-map: {problem}", 2);
            }
        }

        upstream.ModelMapRules = rules.Select(r => r.Trim()).ToList();
        return upstream;
    }

    private static void CheckUpstream(UpstreamConfig upstream)
    {
        if (ConfigValidator.UrlProblem(upstream.BaseUrl) is { } problem)
        {
            throw new UserFacingException($"--base-url: {problem}", 2);
        }
    }

    /// <summary>
    /// Names a user types after <c>set-active</c>, <c>--config</c> and in shell completion: no spaces, quotes or a
    /// leading '-' that the CLI would take for an option. Only new names are checked; loaded files keep theirs.
    /// </summary>
    public static string? NameProblem(string name) =>
        ConfigName().IsMatch(name) ? null : $"config name \"{name}\" must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit";

    private static void CheckName(string name)
    {
        if (NameProblem(name) is { } problem)
        {
            throw new UserFacingException(problem, 2);
        }
    }

    private static bool SameUrl(string a, string b) =>
        string.Equals(a.TrimEnd('/'), b.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex ConfigName();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex EnvName();
}
