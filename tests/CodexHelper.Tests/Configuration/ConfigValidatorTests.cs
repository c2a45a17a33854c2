using CodexHelper.Configuration;

namespace CodexHelper.Tests.Configuration;

/// <summary>Each check's message names the exact path in config.json of the first thing wrong.</summary>
public sealed class ConfigValidatorTests
{
    [Theory]
    [InlineData("base_url", "claude.configs.work.upstreams[1].base_url: \"ftp://x\" is not an http(s) URL")]
    [InlineData("model_map", "claude.configs.work.upstreams[1].model_map[0]: ")]
    [InlineData("models", "claude.configs.work.upstreams[1].models[0]: 'a*b' is not a model name or a prefix ending in '*'")]
    [InlineData("price_multiplier", "claude.configs.work.upstreams[1]: price_multiplier -1 is negative")]
    [InlineData("prices", "claude.configs.work.upstreams[1]: prices.gpt-5: 20000 is not a price per million tokens between 0 and 10000")]
    public void An_upstream_problem_names_its_path(string field, string expected)
    {
        var bad = new UpstreamConfig { BaseUrl = "https://b.example" };
        switch (field)
        {
            case "base_url": bad.BaseUrl = "ftp://x"; break;
            case "model_map": bad.ModelMapRules = ["x*y=z"]; break;
            case "models": bad.Models = ["a*b"]; break;
            case "price_multiplier": bad.PriceMultiplier = -1; break;
            case "prices": bad.Prices = new() { ["gpt-5"] = new() { Input = 20_000 } }; break;
        }
        var config = new HelperConfig();
        config.Claude.Configs["work"] = new ServiceConfig { Name = "work", Upstreams = [new UpstreamConfig { BaseUrl = "https://a.example" }, bad] };

        var problem = ConfigValidator.FirstProblem(config);

        Assert.NotNull(problem);
        Assert.StartsWith(expected, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void The_first_problem_wins_in_file_order()
    {
        var config = new HelperConfig { DefaultService = "gemini", Routing = new RoutingOptions { FailureThreshold = 0 } };
        config.Codex.Configs["a"] = new ServiceConfig { Name = "a", Upstreams = [new UpstreamConfig { BaseUrl = "" }] };

        Assert.Equal("default_service must be \"codex\", \"claude\" or null, not \"gemini\"", ConfigValidator.FirstProblem(config));
        config.DefaultService = null;
        Assert.Equal("codex.configs.a.upstreams[0].base_url: missing URL", ConfigValidator.FirstProblem(config));
        config.Codex.Configs["a"].Upstreams[0].BaseUrl = "http://127.0.0.1:1";
        Assert.Equal("routing.failure_threshold must be at least 1", ConfigValidator.FirstProblem(config));
    }

    [Theory]
    [InlineData(nameof(RoutingOptions.CooldownSecs), "routing: timeouts must be positive numbers of seconds")]
    [InlineData(nameof(RoutingOptions.MaxRequestBodyBytes), "routing.max_request_body_bytes must be at least 1024")]
    [InlineData(nameof(RoutingOptions.RequestBodyEncoding), "routing.request_body_encoding must be \"decode\" or \"passthrough\", not \"zip\"")]
    [InlineData(nameof(RoutingOptions.KeepaliveSecs), "routing.keepalive_secs must be 0 (off) or a positive number of seconds")]
    public void A_routing_problem_is_one_line(string field, string expected)
    {
        var routing = new RoutingOptions();
        Assert.Null(ConfigValidator.FirstProblem(new HelperConfig { Routing = routing }));
        switch (field)
        {
            case nameof(RoutingOptions.CooldownSecs): routing.CooldownSecs = -1; break;
            case nameof(RoutingOptions.MaxRequestBodyBytes): routing.MaxRequestBodyBytes = 10; break;
            case nameof(RoutingOptions.RequestBodyEncoding): routing.RequestBodyEncoding = "zip"; break;
            case nameof(RoutingOptions.KeepaliveSecs): routing.KeepaliveSecs = -1; break;
        }

        Assert.Equal(expected, ConfigValidator.FirstProblem(new HelperConfig { Routing = routing }));
    }
}
