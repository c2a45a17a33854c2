using System.Text;

namespace CodexHelper.Benchmarks;

/// <summary>Realistic inputs: a Responses SSE stream and a Codex request body, both of a chosen size.</summary>
public static class SampleData
{
    /// <summary>
    /// A Responses API stream as Codex receives it: created, reasoning summary deltas, many small text deltas,
    /// the finished item, then response.completed with usage. About <paramref name="targetBytes"/> long.
    /// </summary>
    public static byte[] ResponsesSse(int targetBytes)
    {
        var sb = new StringBuilder(targetBytes + 4096);
        var seq = 0;
        sb.Append("event: response.created\ndata: {\"type\":\"response.created\",\"sequence_number\":").Append(seq++)
          .Append(",\"response\":{\"id\":\"resp_0a1b2c\",\"object\":\"response\",\"created_at\":1762000000,\"status\":\"in_progress\",\"model\":\"gpt-5-codex\",\"output\":[],\"usage\":null}}\n\n");
        sb.Append("event: response.output_item.added\ndata: {\"type\":\"response.output_item.added\",\"sequence_number\":").Append(seq++)
          .Append(",\"output_index\":0,\"item\":{\"id\":\"rs_1\",\"type\":\"reasoning\",\"summary\":[]}}\n\n");
        string[] words = ["Looking", " at", " the", " failing", " test", ",", " the", " fixture", " reads", " `DEPLOY_TOKEN`", " before", " the", " env", " is", " loaded", ".\n"];
        for (var i = 0; sb.Length < targetBytes - 2048; i++)
        {
            var kind = i < 200 ? "response.reasoning_summary_text.delta" : "response.output_text.delta";
            sb.Append("event: ").Append(kind).Append("\ndata: {\"type\":\"").Append(kind).Append("\",\"sequence_number\":").Append(seq++)
              .Append(",\"item_id\":\"msg_2\",\"output_index\":1,\"content_index\":0,\"delta\":\"").Append(words[i % words.Length])
              .Append("\",\"logprobs\":[],\"obfuscation\":\"Xy12ab\"}\n\n");
        }

        sb.Append("event: response.completed\ndata: {\"type\":\"response.completed\",\"sequence_number\":").Append(seq)
          .Append(",\"response\":{\"id\":\"resp_0a1b2c\",\"object\":\"response\",\"status\":\"completed\",\"model\":\"gpt-5-codex\",\"output\":[{\"id\":\"msg_2\",\"type\":\"message\",\"status\":\"completed\",\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\",\"text\":\"(elided)\"}]}],")
          .Append("\"usage\":{\"input_tokens\":41230,\"input_tokens_details\":{\"cached_tokens\":40960},\"output_tokens\":3120,\"output_tokens_details\":{\"reasoning_tokens\":1280},\"total_tokens\":44350}}}\n\n");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    /// <summary>A Codex /responses request body of about <paramref name="targetBytes"/>, mentioning secret-corp.com now and then.</summary>
    public static byte[] CodexRequest(int targetBytes)
    {
        var sb = new StringBuilder(targetBytes + 4096);
        sb.Append("{\"model\":\"gpt-5-codex\",\"instructions\":\"You are Codex, a coding agent running in the Codex CLI.\\n- Keep changes minimal.\\n\",\"input\":[");
        for (var turn = 0; sb.Length < targetBytes - 1024; turn++)
        {
            sb.Append("{\"type\":\"function_call_output\",\"call_id\":\"call_").Append(turn).Append("\",\"output\":\"");
            for (var line = 0; line < 40; line++)
            {
                sb.Append(line % 20 == 7
                    ? "    url = f\\\"https://api.secret-corp.com/v2/deploy/{session.id}\\\"\\n"
                    : "    response = session.post(url, headers=headers, json={\\\"step\\\": 3, \\\"retry\\\": False})\\n");
            }

            sb.Append("\"},{\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\",\"text\":\"Checked step ").Append(turn).Append(".\"}]},");
        }

        sb.Append("{\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_text\",\"text\":\"go on\"}]}],\"tools\":[],\"stream\":true}");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }
}
