using System.Runtime.InteropServices;
using System.Text;
using CodexHelper.Filtering;

namespace CodexHelper.Tests.Filtering;

public sealed class RequestFilterTests
{
    private static RequestFilter Rules(string json) => RequestFilter.Parse(Encoding.UTF8.GetBytes(json), "filter.json");

    private static string Run(RequestFilter filter, string body, out int replacements) =>
        Encoding.UTF8.GetString(filter.Apply(Encoding.UTF8.GetBytes(body), out replacements).Span);

    private static string Run(RequestFilter filter, string body) => Run(filter, body, out _);

    [Fact]
    public void Replace_changes_every_occurrence()
    {
        var filter = Rules("""[{"op":"replace","source":"secret","target":"[x]"}]""");
        Assert.Equal("a [x] b [x] c", Run(filter, "a secret b secret c", out var n));
        Assert.Equal(2, n);
    }

    [Fact]
    public void Remove_deletes_every_occurrence()
    {
        var filter = Rules("""[{"op":"remove","source":"/home/alice"}]""");
        Assert.Equal("""{"cwd":"/proj","x":"/y"}""", Run(filter, """{"cwd":"/home/alice/proj","x":"/home/alice/y"}"""));
    }

    [Fact]
    public void Rules_apply_in_order_and_each_sees_the_previous_output()
    {
        var filter = Rules("""
            [
              {"op":"replace","source":"alpha","target":"beta"},
              {"op":"replace","source":"beta","target":"gamma"}
            ]
            """);
        Assert.Equal("gamma gamma", Run(filter, "alpha beta", out var n));
        Assert.Equal(3, n);

        var reversed = Rules("""
            [
              {"op":"replace","source":"beta","target":"gamma"},
              {"op":"replace","source":"alpha","target":"beta"}
            ]
            """);
        Assert.Equal("beta gamma", Run(reversed, "alpha beta"));
    }

    [Fact]
    public void Overlapping_matches_are_taken_left_to_right_without_overlap()
    {
        var filter = Rules("""[{"op":"replace","source":"aa","target":"b"}]""");
        Assert.Equal("bba", Run(filter, "aaaaa", out var n));
        Assert.Equal(2, n);
    }

    [Fact]
    public void Adjacent_matches_and_matches_at_both_ends_are_all_replaced()
    {
        var filter = Rules("""[{"op":"replace","source":"ab","target":"XYZ"}]""");
        Assert.Equal("XYZXYZ-XYZXYZ", Run(filter, "abab-abab", out var n));
        Assert.Equal(4, n);
        Assert.Equal("XYZ", Run(filter, "ab"));
    }

    [Fact]
    public void A_body_that_is_entirely_removed_becomes_empty()
    {
        var filter = Rules("""[{"op":"remove","source":"zz"}]""");
        Assert.Equal("", Run(filter, "zzzz", out var n));
        Assert.Equal(2, n);
    }

    [Fact]
    public void Growing_replacement_with_many_matches_is_exact()
    {
        var filter = Rules("""[{"op":"replace","source":"a","target":"<long replacement>"}]""");
        var body = new string('a', 5000) + "end";
        var expected = string.Concat(Enumerable.Repeat("<long replacement>", 5000)) + "end";
        Assert.Equal(expected, Run(filter, body, out var n));
        Assert.Equal(5000, n);
    }

    [Fact]
    public void No_match_returns_the_same_memory_without_a_copy()
    {
        var filter = Rules("""[{"op":"remove","source":"absent"},{"op":"replace","source":"nope","target":"x"}]""");
        var array = Encoding.UTF8.GetBytes("""{"input":"nothing to hide"}""");
        var body = new ReadOnlyMemory<byte>(array, 2, array.Length - 2);

        var result = filter.Apply(body, out var n);

        Assert.Equal(0, n);
        Assert.True(MemoryMarshal.TryGetArray(result, out var segment));
        Assert.Same(array, segment.Array);
        Assert.Equal(2, segment.Offset);
        Assert.Equal(body.Length, segment.Count);
    }

    [Fact]
    public void Empty_filter_returns_the_body_itself()
    {
        var array = new byte[] { 1, 2, 3 };
        var result = RequestFilter.Empty.Apply(array, out var n);
        Assert.Equal(0, n);
        Assert.Equal(0, RequestFilter.Empty.RuleCount);
        Assert.True(MemoryMarshal.TryGetArray(result, out var segment));
        Assert.Same(array, segment.Array);
    }

    [Fact]
    public void A_match_never_changes_the_callers_buffer()
    {
        var filter = Rules("""[{"op":"replace","source":"key","target":"***"}]""");
        var array = Encoding.UTF8.GetBytes("my key here");
        var result = filter.Apply(array, out _);
        Assert.Equal("my key here", Encoding.UTF8.GetString(array));
        Assert.Equal("my *** here", Encoding.UTF8.GetString(result.Span));
    }

    [Fact]
    public void Multi_byte_utf8_is_matched_exactly()
    {
        var filter = Rules("""
            [
              {"op":"replace","source":"机密项目","target":"项目"},
              {"op":"remove","source":"\u5f20\u4e09"}
            ]
            """);
        Assert.Equal("""{"text":"项目代号：，负责人：李四"}""", Run(filter, """{"text":"机密项目代号：张三，负责人：李四"}""", out var n));
        Assert.Equal(2, n);
    }

    [Fact]
    public void Match_is_case_sensitive()
    {
        var filter = Rules("""[{"op":"remove","source":"Secret"}]""");
        Assert.Equal("secret SECRET ", Run(filter, "secret SECRET Secret"));
    }

    [Fact]
    public void Large_body_with_twenty_rules_is_filtered_correctly()
    {
        var rules = string.Join(",", Enumerable.Range(0, 20).Select(i => $$"""{"op":"replace","source":"token-{{i:D2}}-x","target":"T{{i}}"}"""));
        var filter = Rules($"[{rules}]");
        Assert.Equal(20, filter.RuleCount);

        var chunk = "lorem ipsum dolor sit amet, " + string.Concat(Enumerable.Range(0, 20).Select(i => $"token-{i:D2}-x "));
        var builder = new StringBuilder();
        while (builder.Length < 1024 * 1024)
        {
            builder.Append(chunk);
        }

        var body = Encoding.UTF8.GetBytes(builder.ToString());
        var result = filter.Apply(body, out var n);
        var text = Encoding.UTF8.GetString(result.Span);

        Assert.DoesNotContain("token-", text);
        Assert.Equal(builder.ToString().Split("token-").Length - 1, n);
        Assert.Contains("T0 T1 T2", text);
    }

    [Theory]
    [InlineData("""[{"op":"replace","source":"a","target":"b"},{"op":"rename","source":"x"}]""", 1, "rule 2: unknown op \"rename\"")]
    [InlineData("[\n  {\"op\":\"remove\"}\n]", 2, "rule 1: missing or empty \"source\"")]
    [InlineData("[\n\n  {\"op\":\"remove\",\"source\":\"\"}\n]", 3, "rule 1: missing or empty \"source\"")]
    [InlineData("[\n {\"source\":\"x\"}]", 2, "rule 1: missing \"op\"")]
    [InlineData("[\n {\"op\":\"replace\",\"source\":\"x\"}]", 2, "rule 1: replace needs a \"target\"")]
    [InlineData("[\n {\"op\":\"remove\",\n  \"source\": 42}]", 3, "rule 1: \"source\" must be a string")]
    [InlineData("{\"op\":\"remove\"}", 1, "expected a JSON array")]
    [InlineData("[\n 1]", 2, "rule 1: expected an object")]
    [InlineData("[\n {\"op\":\"remove\",\"source\":\"x\"}\n,,]", 3, "invalid JSON")]
    [InlineData("[\n {\"op\":\"remove\",\n \"source\":\"x\"", 3, "invalid JSON")]
    public void Malformed_rules_name_the_file_line_and_problem(string json, int line, string problem)
    {
        var ex = Assert.Throws<UserFacingException>(() => Rules(json));
        Assert.StartsWith($"filter.json:{line}: ", ex.Message);
        Assert.Contains(problem, ex.Message);
    }

    [Fact]
    public void An_empty_file_is_an_error_not_an_empty_rule_set()
    {
        var ex = Assert.Throws<UserFacingException>(() => Rules("  \n"));
        Assert.Contains("filter.json: file is empty", ex.Message);
    }

    [Fact]
    public void Empty_array_comments_and_trailing_commas_are_accepted()
    {
        Assert.Equal(0, Rules("[]").RuleCount);
        var filter = Rules("""
            // hide the project name
            [
              {"op":"remove","source":"x","note":"unknown fields are ignored"},
            ]
            """);
        Assert.Equal(1, filter.RuleCount);
    }

    [Fact]
    public void Load_of_a_missing_file_is_no_rules()
    {
        Assert.Same(RequestFilter.Empty, RequestFilter.Load(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "filter.json")));
    }

    public static TheoryData<string, string> InPlaceCases => new()
    {
        // shrinking, equal length, growing, removal, then mixtures where growing rules come first or last
        { """[{"op":"replace","source":"secret-corp.com","target":"[REDACTED]"}]""", "secret-corp.com at the start, in secret-corp.com the middle and the end: secret-corp.com" },
        { """[{"op":"replace","source":"abc","target":"xyz"}]""", "abcabc abc xabcx" },
        { """[{"op":"replace","source":"a","target":"[a-long-one]"}]""", "a banana a" },
        { """[{"op":"remove","source":"/home/alice"}]""", """{"cwd":"/home/alice/proj","x":"/home/alice"}""" },
        { """[{"op":"replace","source":"aa","target":"a"},{"op":"replace","source":"a","target":"AAAA"},{"op":"remove","source":"AAAA"}]""", "aaaa a aaa" },
        { """[{"op":"replace","source":"x","target":"xxxx"},{"op":"replace","source":"xx","target":"y"}]""", "x.x.xx" },
        { """[{"op":"replace","source":"nomatch","target":"?"}]""", "nothing to see" },
    };

    [Theory]
    [MemberData(nameof(InPlaceCases))]
    public void In_place_filtering_gives_the_same_bytes_as_copying(string rules, string body)
    {
        var filter = Rules(rules);
        var expected = Run(filter, body, out var expectedCount);

        var buffer = Encoding.UTF8.GetBytes(body);
        var result = filter.ApplyInPlace(buffer, out var count, out var rented);
        try
        {
            Assert.Equal(expected, Encoding.UTF8.GetString(result.Span));
            Assert.Equal(expectedCount, count);
        }
        finally
        {
            if (rented is not null)
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    [Fact]
    public void Shrinking_rules_rewrite_the_body_itself_and_rent_nothing()
    {
        var filter = Rules("""[{"op":"replace","source":"secret-corp.com","target":"[REDACTED]"},{"op":"remove","source":"alice"}]""");
        var buffer = Encoding.UTF8.GetBytes("""{"input":"alice at secret-corp.com and secret-corp.com"}""");

        var result = filter.ApplyInPlace(buffer, out var count, out var rented);

        Assert.Null(rented);
        Assert.Equal(3, count);
        Assert.True(MemoryMarshal.TryGetArray(result, out var segment));
        Assert.Same(buffer, segment.Array);
        Assert.Equal(0, segment.Offset);
        Assert.Equal("""{"input":" at [REDACTED] and [REDACTED]"}""", Encoding.UTF8.GetString(result.Span));
    }
}
