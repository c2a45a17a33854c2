using CodexHelper.Clients;
using CodexHelper.Configuration;
using CodexHelper.Files;
using CodexHelper.Tests.Support;

namespace CodexHelper.Tests.Clients;

public sealed class ClientSwitcherTests : IDisposable
{
    private readonly TempHome home = new();
    private readonly ClientSwitcher switcher;

    public ClientSwitcherTests() => switcher = new ClientSwitcher(home.Paths);

    public void Dispose() => home.Dispose();

    private string Toml => home.Paths.CodexConfigToml;

    private string TomlBackup => Toml + ".codex-helper-backup";

    private byte[] WriteToml(string text)
    {
        File.WriteAllText(Toml, text);
        return File.ReadAllBytes(Toml);
    }

    [Fact]
    public void On_then_off_restores_the_file_byte_for_byte_and_removes_the_backup()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var original = WriteToml(SampleFiles.RealisticConfigToml);
        File.SetUnixFileMode(Toml, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);

        switcher.On(ServiceKind.Codex, new SwitchOptions(3211));
        Assert.Equal(original, File.ReadAllBytes(TomlBackup));
        Assert.True(switcher.Status(ServiceKind.Codex).SwitchedOn);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(Toml));

        switcher.Off(ServiceKind.Codex);
        Assert.Equal(original, File.ReadAllBytes(Toml));
        Assert.False(File.Exists(TomlBackup));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(Toml));
        Assert.False(switcher.Status(ServiceKind.Codex).SwitchedOn);
    }

    [Fact]
    public void On_twice_never_backs_up_the_switched_file()
    {
        var original = WriteToml(SampleFiles.RealisticConfigToml);
        switcher.On(ServiceKind.Codex, new SwitchOptions(3211));
        var second = switcher.On(ServiceKind.Codex, new SwitchOptions(3211));
        Assert.False(second.Changed);
        switcher.On(ServiceKind.Codex, new SwitchOptions(4000));
        Assert.Equal(original, File.ReadAllBytes(TomlBackup));

        switcher.Off(ServiceKind.Codex);
        Assert.Equal(original, File.ReadAllBytes(Toml));
    }

    [Fact]
    public void Edits_made_while_on_survive_off()
    {
        WriteToml(SampleFiles.RealisticConfigToml + "\n");
        switcher.On(ServiceKind.Codex, new SwitchOptions(3211));
        File.WriteAllText(Toml, File.ReadAllText(Toml).Replace("trust_level = \"untrusted\"", "trust_level = \"trusted\"", StringComparison.Ordinal));
        Assert.True(switcher.Status(ServiceKind.Codex).EditedSinceSwitch);

        var outcome = switcher.Off(ServiceKind.Codex);
        Assert.Contains("kept your other edits", outcome.Messages[0], StringComparison.Ordinal);
        Assert.Equal(
            (SampleFiles.RealisticConfigToml + "\n").Replace("trust_level = \"untrusted\"", "trust_level = \"trusted\"", StringComparison.Ordinal),
            File.ReadAllText(Toml));
        Assert.False(File.Exists(TomlBackup));
    }

    [Fact]
    public void Missing_file_is_created_and_removed_again()
    {
        Directory.Delete(home.Paths.CodexHome);
        switcher.On(ServiceKind.Codex, new SwitchOptions(3211));
        Assert.True(switcher.Status(ServiceKind.Codex).SwitchedOn);
        Assert.False(File.Exists(TomlBackup));
        switcher.On(ServiceKind.Codex, new SwitchOptions(3211));
        Assert.False(File.Exists(TomlBackup));

        switcher.Off(ServiceKind.Codex);
        Assert.False(File.Exists(Toml));
    }

    [Fact]
    public void Malformed_file_is_refused_and_left_untouched()
    {
        var bytes = WriteToml("model = \"o3\"\nmodel_provider = \n");
        var ex = Assert.Throws<UserFacingException>(() => switcher.On(ServiceKind.Codex, new SwitchOptions(3211)));
        Assert.StartsWith($"{Toml}:2: invalid TOML", ex.Message, StringComparison.Ordinal);
        Assert.Equal(bytes, File.ReadAllBytes(Toml));
        Assert.False(File.Exists(TomlBackup));
    }

    [Fact]
    public void Off_repairs_a_run_that_crashed_after_switching()
    {
        var original = WriteToml(SampleFiles.RealisticConfigToml);
        switcher.On(ServiceKind.Codex, new SwitchOptions(3211));

        // A new process (no memory of the first) repairs it.
        new ClientSwitcher(home.Paths).Off(ServiceKind.Codex);
        Assert.Equal(original, File.ReadAllBytes(Toml));
    }

    [Fact]
    public void Off_restores_a_backup_left_by_the_original_tool()
    {
        var original = WriteToml("model_provider = \"packy\"\n[model_providers.packy]\nbase_url = \"https://p\"\n");
        File.Copy(Toml, TomlBackup);
        File.WriteAllText(Toml, "model_provider = \"codex_proxy\"\n[model_providers.codex_proxy]\nbase_url = \"http://127.0.0.1:3211\"\n");

        switcher.Off(ServiceKind.Codex);
        Assert.Equal(original, File.ReadAllBytes(Toml));
    }

    [Fact]
    public void Off_when_not_switched_changes_nothing()
    {
        var original = WriteToml("model = \"o3\"\n");
        var outcome = switcher.Off(ServiceKind.Codex);
        Assert.False(outcome.Changed);
        Assert.Equal(original, File.ReadAllBytes(Toml));
    }

    [Fact]
    public void A_stale_backup_is_replaced_when_the_file_is_not_switched()
    {
        File.WriteAllText(TomlBackup, "model = \"very old\"\n");
        var current = WriteToml("model = \"current\"\n");
        switcher.On(ServiceKind.Codex, new SwitchOptions(3211));
        Assert.Equal(current, File.ReadAllBytes(TomlBackup));
    }

    [Fact]
    public async Task Concurrent_switch_on_calls_do_not_interleave()
    {
        var original = WriteToml(SampleFiles.RealisticConfigToml);
        var tasks = Enumerable.Range(0, 8).Select(i => Task.Run(() =>
            new ClientSwitcher(home.Paths).On(ServiceKind.Codex, new SwitchOptions(3211)))).ToArray();
        await Task.WhenAll(tasks);

        Assert.Equal(original, File.ReadAllBytes(TomlBackup));
        Assert.Equal(1, tasks.Count(t => t.Result.Changed));
        new ClientSwitcher(home.Paths).Off(ServiceKind.Codex);
        Assert.Equal(original, File.ReadAllBytes(Toml));
    }

    [Fact]
    public void A_held_lock_makes_switch_wait_and_then_give_up_clearly()
    {
        WriteToml("model = \"o3\"\n");
        var impatient = new ClientSwitcher(home.Paths, lockTimeout: TimeSpan.FromMilliseconds(200));
        using var held = FileLock.Acquire(impatient.LockPath(ServiceKind.Codex), TimeSpan.FromSeconds(1));
        var ex = Assert.Throws<UserFacingException>(() => impatient.On(ServiceKind.Codex, new SwitchOptions(3211)));
        Assert.Contains("another codex-helper", ex.Message, StringComparison.Ordinal);
        Assert.Equal("model = \"o3\"\n", File.ReadAllText(Toml));
    }

    [Fact]
    public void A_crash_before_the_rename_leaves_the_original_intact()
    {
        var original = WriteToml(SampleFiles.RealisticConfigToml);

        // A stray temp file from a process killed mid-write must not be mistaken for the file.
        File.WriteAllText(Path.Combine(home.Paths.CodexHome, ".config.toml.999.dead.tmp"), "half-writ");
        Assert.Equal(original, File.ReadAllBytes(Toml));

        // A write that fails before its rename (here: the target is a directory) leaves the original and no temp behind.
        var dir = Path.Combine(home.Paths.CodexHome, "blocked");
        Directory.CreateDirectory(dir);
        Assert.ThrowsAny<IOException>(() => AtomicFile.WriteAllText(dir, "x"));
        Assert.DoesNotContain(Directory.GetFiles(home.Paths.CodexHome), f => f.Contains(".blocked.", StringComparison.Ordinal));

        switcher.On(ServiceKind.Codex, new SwitchOptions(3211));
        switcher.Off(ServiceKind.Codex);
        Assert.Equal(original, File.ReadAllBytes(Toml));
    }

    [Fact]
    public void Claude_on_off_is_byte_identical_and_keeps_other_keys()
    {
        var path = Path.Combine(home.Paths.ClaudeHome, "settings.json");
        File.WriteAllText(path, SampleFiles.ClaudeSettings);
        var original = File.ReadAllBytes(path);

        switcher.On(ServiceKind.Claude, new SwitchOptions(3210));
        var switched = File.ReadAllText(path);
        Assert.Equal(
            SampleFiles.ClaudeSettings.Replace("https://relay.example.com/api", "http://127.0.0.1:3210", StringComparison.Ordinal),
            switched);
        Assert.True(File.Exists(path + ".codex-helper-backup"));

        switcher.Off(ServiceKind.Claude);
        Assert.Equal(original, File.ReadAllBytes(path));
    }

    [Fact]
    public void Claude_placeholder_token_only_when_no_key_and_removed_on_off_after_edits()
    {
        var path = Path.Combine(home.Paths.ClaudeHome, "settings.json");
        File.WriteAllText(path, "{\n  \"model\": \"opus\"\n}\n");
        switcher.On(ServiceKind.Claude, new SwitchOptions(3210));
        var settings = ClaudeSettingsJson.Parse(File.ReadAllText(path), path);
        Assert.Equal(ClaudeSettingsJson.PlaceholderToken, settings.Env(ClaudeSettingsJson.AuthTokenKey));

        File.WriteAllText(path, File.ReadAllText(path).Replace("\"opus\"", "\"sonnet\"", StringComparison.Ordinal));
        switcher.Off(ServiceKind.Claude);
        Assert.Equal("{\n  \"model\": \"sonnet\"\n}\n", File.ReadAllText(path));
    }

    [Fact]
    public void Claude_passthrough_adds_no_placeholder()
    {
        switcher.On(ServiceKind.Claude, new SwitchOptions(3210, PassThroughClientAuth: true));
        var path = Path.Combine(home.Paths.ClaudeHome, "settings.json");
        Assert.Equal("{\n  \"env\": {\n    \"ANTHROPIC_BASE_URL\": \"http://127.0.0.1:3210\"\n  }\n}\n", File.ReadAllText(path));
        switcher.Off(ServiceKind.Claude);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Claude_legacy_file_is_used_when_only_it_exists()
    {
        var legacy = Path.Combine(home.Paths.ClaudeHome, "claude.json");
        File.WriteAllText(legacy, "{\"env\":{\"ANTHROPIC_API_KEY\":\"sk-ant-123456789\"}}");
        switcher.On(ServiceKind.Claude, new SwitchOptions(3210));
        Assert.Contains("127.0.0.1:3210", File.ReadAllText(legacy), StringComparison.Ordinal);
        Assert.DoesNotContain(ClaudeSettingsJson.PlaceholderToken, File.ReadAllText(legacy), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(home.Paths.ClaudeHome, "settings.json")));
        switcher.Off(ServiceKind.Claude);
        Assert.Equal("{\"env\":{\"ANTHROPIC_API_KEY\":\"sk-ant-123456789\"}}", File.ReadAllText(legacy));
    }

    [Fact]
    public void Claude_malformed_json_names_file_and_line()
    {
        var path = Path.Combine(home.Paths.ClaudeHome, "settings.json");
        File.WriteAllText(path, "{\n  \"env\": {\n    \"A\": \n}\n");
        var ex = Assert.Throws<UserFacingException>(() => switcher.On(ServiceKind.Claude, new SwitchOptions(3210)));
        Assert.StartsWith($"{path}:4: invalid JSON", ex.Message, StringComparison.Ordinal);
        Assert.Equal("{\n  \"env\": {\n    \"A\": \n}\n", File.ReadAllText(path));
    }
}
