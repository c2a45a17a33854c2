using System.Text.Json.Nodes;
using CodexHelper.Tests.Support;

namespace CodexHelper.Tests.Gateway;

public sealed class TokenCommandsTests
{
    [Fact]
    public async Task Add_prints_the_token_once_and_stores_only_its_hash()
    {
        using var home = new TempHome();
        var add = await home.RunAsync("token", "add", "alice", "--budget-usd", "20", "--period", "month");
        Assert.Equal(0, add.ExitCode);
        var token = add.Out.Trim();
        Assert.Matches("^chg-[A-Za-z0-9_-]{32}$", token);

        var file = File.ReadAllText(home.Paths.TokensJson);
        Assert.DoesNotContain(token, file);
        Assert.Contains("sha256:", file);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(home.Paths.TokensJson));
        }

        var list = await home.RunAsync("token", "list", "--json");
        Assert.Equal(0, list.ExitCode);
        Assert.DoesNotContain(token, list.Out);
        var item = JsonNode.Parse(list.Out)!.AsArray().Single()!;
        Assert.Equal("alice", item["name"]!.GetValue<string>());
        Assert.Equal(20m, item["budget_usd"]!.GetValue<decimal>());
        Assert.Equal("month", item["period"]!.GetValue<string>());
        Assert.Null(item["last_used"]);

        var table = await home.RunAsync("token", "list");
        Assert.Contains("alice", table.Out);
        Assert.DoesNotContain(token, table.Out);

        Assert.NotEqual(0, (await home.RunAsync("token", "add", "alice")).ExitCode);
        Assert.Equal(0, (await home.RunAsync("token", "remove", "alice")).ExitCode);
        Assert.NotEqual(0, (await home.RunAsync("token", "remove", "alice")).ExitCode);
        Assert.Equal("[]", JsonNode.Parse((await home.RunAsync("token", "list", "--json")).Out)!.ToJsonString());
    }

    [Fact]
    public async Task Add_says_how_to_replace_a_lost_token_with_the_same_options_and_those_commands_work()
    {
        using var home = new TempHome();
        var add = await home.RunAsync("token", "add", "ops", "--admin", "--budget-usd", "7.5", "--period", "day", "--claude");
        Assert.Equal(0, add.ExitCode);
        var hint = add.Error.Split('\n').Single(l => l.Contains("lost it?", StringComparison.Ordinal));
        Assert.Contains("`codex-helper token remove ops` then `codex-helper token add ops --admin --budget-usd 7.5 --period day --claude`", hint);
        Assert.DoesNotContain(add.Out.Trim(), add.Error);

        // The hint is only useful if following it works: remove, then the exact add line it printed.
        Assert.Equal(0, (await home.RunAsync("token", "remove", "ops")).ExitCode);
        var again = hint.Split('`')[3].Split(' ').Skip(1).ToArray();
        var second = await home.RunAsync(again);
        Assert.Equal(0, second.ExitCode);
        Assert.NotEqual(add.Out.Trim(), second.Out.Trim());
        var item = JsonNode.Parse((await home.RunAsync("token", "list", "--json")).Out)!.AsArray().Single()!;
        Assert.True(item["admin"]!.GetValue<bool>());
        Assert.Equal("claude", item["services"]!.GetValue<string>());
        Assert.Equal(7.5m, item["budget_usd"]!.GetValue<decimal>());
        Assert.Equal("day", item["period"]!.GetValue<string>());
    }

    [Fact]
    public async Task Bad_input_gets_one_line_and_a_broken_file_is_not_overwritten()
    {
        using var home = new TempHome();
        var badName = await home.RunAsync("token", "add", "a b");
        Assert.Equal(2, badName.ExitCode);
        Assert.Contains("token name", badName.Error);

        var both = await home.RunAsync("token", "add", "x", "--codex", "--claude");
        Assert.Equal(2, both.ExitCode);

        var path = home.WriteHelperFile("tokens.json", "{\"version\":1,\"tokens\":[\n{\"name\":\"a\",\"hash\":\"nope\"}]}");
        var add = await home.RunAsync("token", "add", "b");
        Assert.Equal(1, add.ExitCode);
        Assert.Contains("tokens.json", add.Error);
        Assert.Contains("hash", add.Error);
        Assert.DoesNotContain("   at ", add.Error);
        Assert.Equal("{\"version\":1,\"tokens\":[\n{\"name\":\"a\",\"hash\":\"nope\"}]}", File.ReadAllText(path));
    }
}
