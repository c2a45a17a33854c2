using System.Buffers;
using System.Text;
using CodexHelper.Translation;
using CodexHelper.Translation.AnthropicClient;

namespace CodexHelper.Tests.Translation.AnthropicClient;

public sealed class TokenEstimateTests
{
    [Fact]
    public void Input_tokens_are_the_utf8_bytes_of_names_and_strings_over_four_rounded_up()
    {
        // system: "You are"(7); messages: "role"(4)+"user"(4)+"content"(7)+"héllo"(6); tools: "name"(4)+"Bash"(4) = 36 bytes.
        var body = """{"model":"claude-x","max_tokens":64000,"system":"You are","messages":[{"role":"user","content":"héllo"}],"tools":[{"name":"Bash"}]}""";
        Assert.Equal(9, TokenEstimate.InputTokens(Encoding.UTF8.GetBytes(body)));
    }

    [Fact]
    public void An_image_counts_flat_not_as_its_base64_bytes_and_cache_control_is_not_text()
    {
        var image = new string('A', 400_000);
        var body = "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image\",\"source\":{\"type\":\"base64\",\"media_type\":\"image/png\",\"data\":\"" + image + "\"}},{\"type\":\"text\",\"text\":\"hi\",\"cache_control\":{\"type\":\"ephemeral\"}}]}]}";
        // role(4) user(4) content(7) type(4) text(4) text(4) hi(2) = 29 bytes -> 8 tokens, + 1600 for the image.
        Assert.Equal(1608, TokenEstimate.InputTokens(Encoding.UTF8.GetBytes(body)));
    }

    [Fact]
    public void The_answer_is_input_tokens_json()
    {
        var client = new ArrayBufferWriter<byte>();
        TokenEstimate.WriteAnswer("""{"messages":[{"role":"user","content":"abcd"}]}"""u8, client);
        Assert.Equal("{\"input_tokens\":5}", Encoding.UTF8.GetString(client.WrittenSpan));
    }

    [Fact]
    public void A_body_that_is_not_json_is_a_translation_error()
    {
        Assert.Throws<TranslationException>(() => TokenEstimate.InputTokens("not json"u8));
        Assert.Throws<TranslationException>(() => TokenEstimate.InputTokens("[1]"u8));
    }
}
