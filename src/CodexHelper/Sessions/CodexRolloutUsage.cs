using System.Text.Json;
using CodexHelper.Files;
using CodexHelper.Pricing;
using CodexHelper.TokenCounts;

namespace CodexHelper.Sessions;

/// <summary>
/// The usage Codex itself recorded in a rollout: <c>event_msg</c> <c>token_count</c> records carry the
/// running <c>total_token_usage</c>; each response's share is the growth of that total since the previous
/// record (Codex repeats a record now and then, and a repeated total adds nothing), priced with the model
/// of the current <c>turn_context</c>. OpenAI counting: input includes cached input.
/// </summary>
internal static class CodexRolloutUsage
{
    public static SessionUsage? Read(string path, PriceBook prices)
    {
        var totals = new SessionUsageTotals(prices);
        string? model = null;
        Counts previous = default;
        using var stream = SessionFiles.OpenRead(path);
        using var lines = new JsonlLineReader(stream);
        while (lines.TryReadLine(out var line))
        {
            var span = line.Span;
            var isTurn = span.IndexOf("\"turn_context\""u8) >= 0;
            if (!isTurn && span.IndexOf("\"token_count\""u8) < 0)
            {
                continue;
            }

            try
            {
                using var doc = JsonDocument.Parse(line);
                Take(doc.RootElement, totals, ref model, ref previous);
            }
            catch (JsonException)
            {
                // A torn record (the session is still being written) or a broken one: the others still count.
            }
            catch (InvalidOperationException)
            {
            }
            catch (FormatException)
            {
            }
        }

        return totals.ToUsage();
    }

    /// <summary>One record: a turn_context names the model of the turns after it; a token_count adds its share
    /// (the growth of the running total, or the last turn's count when a record has no total).</summary>
    private static void Take(JsonElement root, SessionUsageTotals totals, ref string? model, ref Counts previous)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("payload", out var payload) || payload.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        var type = root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        if (type == "turn_context")
        {
            model = payload.TryGetProperty("model", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : model;
            return;
        }

        if (type != "event_msg" || !payload.TryGetProperty("type", out var pt) || !pt.ValueEquals("token_count")
            || !payload.TryGetProperty("info", out var info) || info.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        Counts share;
        if (Counts.From(info, "total_token_usage") is { } total)
        {
            share = total.Minus(previous);
            previous = total;
        }
        else if (Counts.From(info, "last_token_usage") is { } last)
        {
            share = last;
        }
        else
        {
            return;
        }

        if (share.IsPositive)
        {
            totals.Add(model, share.ToTokenUsage());
        }
    }

    private readonly record struct Counts(long Input, long Cached, long Output, long Reasoning)
    {
        public bool IsPositive => Input > 0 || Output > 0;

        public static Counts? From(JsonElement info, string name)
        {
            if (!info.TryGetProperty(name, out var u) || u.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            // A record whose counts are not counts is broken: skipped whole, never read as zeros (which would
            // look like a reset and count everything before it twice).
            return Long(u, "input_tokens", required: true) is { } input && Long(u, "output_tokens", required: true) is { } output
                && Long(u, "cached_input_tokens") is { } cached && Long(u, "reasoning_output_tokens") is { } reasoning
                ? new Counts(input, cached, output, reasoning)
                : null;
        }

        // A total that went down (a compacted or restarted thread) starts counting afresh.
        public Counts Minus(Counts before) => Input < before.Input || Output < before.Output
            ? this
            : new Counts(Input - before.Input, Cached - before.Cached, Output - before.Output, Reasoning - before.Reasoning);

        public TokenUsage ToTokenUsage() => new()
        {
            InputTokens = Input,
            CachedInputTokens = Math.Clamp(Cached, 0, Input),
            OutputTokens = Output,
            ReasoningTokens = Math.Max(0, Reasoning),
            TotalTokens = Input + Output,
        };

        private static long? Long(JsonElement o, string name, bool required = false)
        {
            if (!o.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
            {
                return required ? null : 0;
            }

            return v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) && n >= 0 ? n : null;
        }
    }
}
