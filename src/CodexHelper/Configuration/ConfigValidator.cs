namespace CodexHelper.Configuration;

/// <summary>Checks what JSON parsing cannot: URLs that can be forwarded to, names that agree.</summary>
internal static class ConfigValidator
{
    public static string? FirstProblem(HelperConfig config)
    {
        if (config.DefaultService is { } ds && ServiceKinds.Parse(ds) is null)
        {
            return $"default_service must be \"codex\", \"claude\" or null, not \"{ds}\"";
        }

        foreach (var kind in new[] { ServiceKind.Codex, ServiceKind.Claude })
        {
            foreach (var (name, cfg) in config.Section(kind).Configs)
            {
                for (var i = 0; i < cfg.Upstreams.Count; i++)
                {
                    if (UpstreamProblem(cfg.Upstreams[i]) is { } problem)
                    {
                        return $"{kind.Name()}.configs.{name}.upstreams[{i}]{problem}";
                    }
                }
            }
        }

        return config.Routing is { } routing ? RoutingProblem(routing) : null;
    }

    /// <summary>What is wrong with one upstream, as the rest of its path: ".base_url: …", ".model_map…", ": …".</summary>
    private static string? UpstreamProblem(UpstreamConfig upstream)
    {
        if (UrlProblem(upstream.BaseUrl) is { } url)
        {
            return $".base_url: {url}";
        }

        if (upstream.Protocol is { } protocol && !Wire.WireProtocols.TryParse(protocol, out _))
        {
            return $".protocol: \"{protocol}\" is not one of {Wire.WireProtocols.ValidNames}";
        }

        if (upstream.Compaction is { } compaction && compaction is not (CompactionModes.Native or CompactionModes.Emulate))
        {
            return $".compaction: \"{compaction}\" is not one of {CompactionModes.Native}, {CompactionModes.Emulate}";
        }

        if (upstream.Translation?.MaxOutputTokens is < 1)
        {
            return ".translation.max_output_tokens: must be a positive number of tokens";
        }

        if (ModelMapping.ModelMap.FirstProblem(upstream.ModelMapRules) is { } map)
        {
            return $".model_map{map}";
        }

        if (ModelMapping.ModelPatterns.FirstProblem(upstream.Models) is { } models)
        {
            return $".models{models}";
        }

        return Pricing.PriceLimits.UpstreamProblem(upstream.PriceMultiplier, upstream.Prices) is { } price ? $": {price}" : null;
    }

    private static string? RoutingProblem(RoutingOptions r)
    {
        if (r.FailureThreshold < 1)
        {
            return "routing.failure_threshold must be at least 1";
        }

        if (r.CooldownSecs < 0 || r.ConnectTimeoutSecs <= 0 || r.HeaderTimeoutSecs <= 0 || r.IdleTimeoutSecs <= 0 || r.RequestDeadlineSecs <= 0 || r.FirstEventTimeoutSecs <= 0)
        {
            return "routing: timeouts must be positive numbers of seconds";
        }

        if (r.KeepaliveSecs < 0 || double.IsNaN(r.KeepaliveSecs))
        {
            return "routing.keepalive_secs must be 0 (off) or a positive number of seconds";
        }

        if (r.MaxRequestBodyBytes < 1024)
        {
            return "routing.max_request_body_bytes must be at least 1024";
        }

        if (RequestBodyEncodings.Parse(r.RequestBodyEncoding) is null)
        {
            return $"routing.request_body_encoding must be \"{RequestBodyEncodings.Decode}\" or \"{RequestBodyEncodings.Passthrough}\", not \"{r.RequestBodyEncoding}\"";
        }

        return null;
    }

    /// <summary>Null when <paramref name="url"/> is an absolute http(s) URL with a host.</summary>
    public static string? UrlProblem(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return "missing URL";
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return $"\"{url}\" is not an http(s) URL";
        }

        return string.IsNullOrEmpty(uri.Host) ? $"\"{url}\" has no host" : null;
    }

    /// <summary>A problem when <c>active</c> names a config the section does not have (a hand edit), else null.</summary>
    public static string? DanglingActive(ServiceSection section, ServiceKind kind, string file) =>
        section.Active is { } name && section.Configs.Count > 0 && !section.Configs.ContainsKey(name)
            ? $"\"active\" names {kind.Name()} config \"{name}\", which is not in {file} (configs: {string.Join(", ", section.Configs.Keys)}); " +
              $"pick one with `codex-helper config set-active NAME{(kind == ServiceKind.Claude ? " --claude" : "")}`"
            : null;
}
