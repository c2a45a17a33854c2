namespace CodexHelper.Tests.Clients;

/// <summary>Client files as people really write them: comments everywhere, odd quoting, many sections.</summary>
internal static class SampleFiles
{
    public const string RealisticConfigToml = """
        # ~/.codex/config.toml — hand-maintained, please keep my comments!
        model = "gpt-5-codex"   # the default model
        model_provider = 'packy'  # literal string on purpose
        approval_policy = "on-request"
        model_reasoning_effort = "high"

        # Providers ---------------------------------------------------------
        [model_providers.packy]
        name = "PackyCode"
        base_url = "https://codex-api.packycode.com/v1"
        env_key = "PACKY_API_KEY"
        wire_api = "responses"
        http_headers = { "X-Team" = "core", Priority = "high" }

        [model_providers."azure-east"]
        name = "Azure"
        base_url = "https://east.openai.azure.com/openai"
        query_params = { api-version = "2025-04-01-preview" }

        # Profiles
        [profiles.fast]
        model = "gpt-5-mini"
        model_reasoning_effort = "low"

        [profiles."deep work"]
        model = "o3"
        model_provider = "azure-east"

        # MCP servers
        [mcp_servers.docs]
        command = "npx"
        args = [
          "-y",            # yes to prompts
          "@acme/docs-mcp",
        ]
        env = { "DOCS_TOKEN" = "t0k" }

        [mcp_servers.fs]
        command = "/usr/local/bin/fs-mcp"
        args = ["--root", "/home/me/code"]

        [projects."/home/me/code/app"]
        trust_level = "trusted"

        [projects."/home/me/code/other project"]
        trust_level = "untrusted"

        [[skills]]
        name = "lint"

        [[skills]]
        name = "test"
        # trailing comment at the very end
        """;

    public const string ClaudeSettings = """
        {
          "$schema": "https://json.schemastore.org/claude-code-settings.json",
          "model": "opus",
          "env": {
            "DISABLE_TELEMETRY": "1",
            "ANTHROPIC_BASE_URL": "https://relay.example.com/api",
            "ANTHROPIC_AUTH_TOKEN": "sk-ant-relay-1234567890abcd"
          },
          "permissions": {
            "allow": [
              "Bash(npm run test:*)",
              "Read(~/.zshrc)"
            ],
            "deny": []
          },
          "statusLine": {
            "type": "command",
            "command": "echo héllo ✓"
          }
        }

        """;
}
