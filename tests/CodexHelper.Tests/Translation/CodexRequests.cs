namespace CodexHelper.Tests.Translation;

/// <summary>Request bodies shaped like what Codex CLI 0.169 sends (spec Appendix 3).</summary>
internal static class CodexRequests
{
    /// <summary>First turn: system text as leading message items, no instructions key, function/namespace/web_search tools.</summary>
    public const string FirstTurn = """
    {
      "model": "gpt-5.1-codex",
      "input": [
        {"type":"message","role":"developer","content":[{"type":"input_text","text":"<permissions instructions>sandbox: workspace-write</permissions instructions>"}]},
        {"type":"message","role":"user","content":[{"type":"input_text","text":"# AGENTS.md instructions\nBe brief."}]},
        {"type":"message","role":"user","content":[{"type":"input_text","text":"<environment_context><cwd>/tmp/x</cwd></environment_context>"}]},
        {"type":"message","role":"user","content":[{"type":"input_text","text":"say hi"}]}
      ],
      "tools": [
        {"type":"function","name":"exec_command","description":"Runs a command","strict":false,"parameters":{"type":"object","properties":{"cmd":{"type":"string"}},"required":["cmd"]}},
        {"type":"function","name":"write_stdin","description":"Writes to a session","strict":false,"parameters":{"type":"object","properties":{"session_id":{"type":"number"},"chars":{"type":"string"}}}},
        {"type":"function","name":"view_image","description":"View an image","parameters":{"type":"object","properties":{"path":{"type":"string"}}}},
        {"type":"namespace","name":"multi_agent_v1","description":"Agents","tools":[
          {"type":"function","name":"spawn_agent","description":"Spawn","parameters":{"type":"object","properties":{"message":{"type":"string"}}}},
          {"type":"function","name":"close_agent","description":"Close","parameters":{"type":"object","properties":{"id":{"type":"string"}}}}
        ]},
        {"type":"web_search","external_web_access":false}
      ],
      "tool_choice": "auto",
      "parallel_tool_calls": true,
      "reasoning": {"summary":"auto"},
      "store": false,
      "stream": true,
      "include": ["reasoning.encrypted_content"],
      "prompt_cache_key": "0199-session",
      "client_metadata": {"x":"y"}
    }
    """;

    /// <summary>A later turn: reasoning replayed, a function call and its output, apply_patch as a custom tool, an interleaved message, an image.</summary>
    public const string ToolTurn = """
    {
      "model": "gpt-5.1-codex",
      "instructions": "You are Codex.",
      "input": [
        {"type":"message","role":"developer","content":[{"type":"input_text","text":"dev rules"}]},
        {"type":"message","role":"user","content":[{"type":"input_text","text":"fix it"},{"type":"input_image","image_url":"data:image/png;base64,AAAA","detail":"high"}]},
        {"type":"reasoning","summary":[{"type":"summary_text","text":"I should look."}],"encrypted_content":"gAAAA-opaque"},
        {"type":"function_call","name":"exec_command","arguments":"{\"cmd\":\"ls\"}","call_id":"call_1"},
        {"type":"function_call","name":"close_agent","namespace":"multi_agent_v1","arguments":"","call_id":"call_2"},
        {"type":"message","role":"user","content":[{"type":"input_text","text":"<environment_context>changed</environment_context>"}]},
        {"type":"function_call_output","call_id":"call_1","output":"Chunk ID: 1\nWall time: 0.1s\nProcess exited with code 0\nOriginal token count: 3\nOutput:\na.txt"},
        {"type":"function_call_output","call_id":"call_2","output":[{"type":"input_text","text":"closed"},{"type":"input_image","image_url":"https://x/y.png"}]},
        {"type":"message","role":"assistant","content":[{"type":"output_text","text":"Patching now."}]},
        {"type":"custom_tool_call","name":"apply_patch","input":"*** Begin Patch\n*** End Patch","call_id":"call_3"},
        {"type":"custom_tool_call_output","call_id":"call_3","output":"Done!"},
        {"type":"function_call_output","call_id":"call_orphan","output":"nobody asked"},
        {"type":"compaction","encrypted_content":"zzz"},
        {"type":"message","role":"developer","content":[{"type":"input_text","text":"late dev note"}]}
      ],
      "tools": [
        {"type":"function","name":"exec_command","parameters":{"type":"object","properties":{"cmd":{"type":"string"}}}},
        {"type":"custom","name":"apply_patch","description":"Use apply_patch to edit files.","format":{"type":"grammar","syntax":"lark","definition":"start: begin_patch"}},
        {"type":"namespace","name":"multi_agent_v1","tools":[{"type":"function","name":"close_agent","parameters":{"type":"object","properties":{}}}]},
        {"type":"function","name":"exec_command","parameters":{"type":"object","properties":{"dup":{"type":"string"}}}}
      ],
      "tool_choice": {"type":"custom","name":"apply_patch"},
      "parallel_tool_calls": false,
      "reasoning": {"effort":"High","summary":"auto"},
      "max_output_tokens": 4000,
      "stream": false,
      "store": false
    }
    """;
}
