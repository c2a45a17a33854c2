using System.Text.Json;
using CodexHelper.Files;
using CodexHelper.Pricing;
using CodexHelper.TokenCounts;

namespace CodexHelper.Sessions;

/// <summary>
/// The usage Claude Code recorded in a session file: each assistant record's <c>message.usage</c>. Claude
/// Code writes one API message as several records (one per content block) that repeat its usage, so each
/// message id counts once (its last record, which has the final output count). Anthropic counting is
/// normalised like the proxy's: input = plain input + cache reads + cache writes.
/// </summary>
internal static class ClaudeSessionUsage
{
    public static SessionUsage? Read(string path, PriceBook prices)
    {
        // Message id → (model, usage), in first-seen order so the sum does not depend on hashing.
        var messages = new Dictionary<string, (string? Model, TokenUsage Usage)>(StringComparer.Ordinal);
        var anonymous = new List<(string? Model, TokenUsage Usage)>();
        using (var stream = SessionFiles.OpenRead(path))
        using (var lines = new JsonlLineReader(stream))
        {
            while (lines.TryReadLine(out var line))
            {
                if (line.Span.IndexOf("\"usage\""u8) < 0 || line.Span.IndexOf("\"assistant\""u8) < 0)
                {
                    continue;
                }

                try
                {
                    using var doc = JsonDocument.Parse(line);
                    Collect(doc.RootElement, messages, anonymous);
                }
                catch (JsonException)
                {
                }
                catch (InvalidOperationException)
                {
                }
            }
        }

        var totals = new SessionUsageTotals(prices);
        foreach (var (model, usage) in messages.Values.Concat(anonymous))
        {
            totals.Add(model, usage);
        }

        return totals.ToUsage();
    }

    private static void Collect(JsonElement record, Dictionary<string, (string?, TokenUsage)> messages, List<(string?, TokenUsage)> anonymous)
    {
        if (record.ValueKind != JsonValueKind.Object
            || !record.TryGetProperty("type", out var type) || !type.ValueEquals("assistant")
            || !record.TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.Object
            || !message.TryGetProperty("usage", out var u) || u.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        var model = message.TryGetProperty("model", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
        if (model == "<synthetic>")
        {
            return; // Claude Code's own placeholder messages (errors, interruptions): no API call behind them
        }

        // A record whose counts are not counts is broken: skipped, so it can neither replace a good record of the
        // same message with zeros nor add a guess.
        if (Long(u, "input_tokens") is not { } plain || Long(u, "output_tokens") is not { } output
            || Long(u, "cache_read_input_tokens", optional: true) is not { } read
            || Long(u, "cache_creation_input_tokens", optional: true) is not { } write)
        {
            return;
        }

        var write1h = u.TryGetProperty("cache_creation", out var cc) && cc.ValueKind == JsonValueKind.Object
            ? Long(cc, "ephemeral_1h_input_tokens", optional: true) ?? 0
            : 0;
        var usage = new TokenUsage
        {
            InputTokens = plain + read + write,
            CachedInputTokens = read,
            CacheCreationInputTokens = write,
            CacheCreation1hInputTokens = Math.Min(write1h, write),
            OutputTokens = output,
            TotalTokens = plain + read + write + output,
        };
        var id = message.TryGetProperty("id", out var i) && i.ValueKind == JsonValueKind.String ? i.GetString() : null;
        if (id is null)
        {
            anonymous.Add((model, usage));
        }
        else
        {
            messages[id] = (model, usage);
        }
    }

    private static long? Long(JsonElement o, string name, bool optional = false)
    {
        if (!o.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return optional ? 0 : null;
        }

        return v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) && n >= 0 ? n : null;
    }
}
