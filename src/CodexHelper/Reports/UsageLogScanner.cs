using System.Text.Json;
using CodexHelper.Configuration;
using CodexHelper.Files;
using CodexHelper.RequestLog;

namespace CodexHelper.Reports;

/// <summary>
/// Feeds the request log (rotated files first) into a <see cref="UsageSummaryBuilder"/> without building a
/// <see cref="RequestLogEntry"/> per line: a forward-only reader picks out the few fields a summary needs and
/// skips the rest. Deserialising whole entries costs several times more, and <c>usage summary</c> over a
/// million lines must take a couple of seconds. Field names are <see cref="RequestLogEntry"/>'s; a test
/// checks that this scanner and the full deserialiser agree.
/// </summary>
internal static class UsageLogScanner
{
    private const int ReadChunk = 256 * 1024;
    private static readonly byte[] UpstreamField = "upstream_base_url"u8.ToArray();

    /// <param name="onlySessions">When given, only lines of these sessions are read; the others cost one vectorised search.</param>
    public static void Scan(string path, UsageSummaryBuilder builder, UsageGrouping by, HashSet<string>? onlySessions = null)
    {
        var filter = onlySessions is null ? null : new SessionFilter(onlySessions);
        var keyField = by switch
        {
            UsageGrouping.Upstream => UpstreamField,
            UsageGrouping.Model => "model"u8.ToArray(),
            UsageGrouping.Config => "config_name"u8.ToArray(),
            UsageGrouping.Session or UsageGrouping.Project => "session_id"u8.ToArray(),
            UsageGrouping.Token => "client_token"u8.ToArray(),
            _ => [],
        };
        var chars = new char[1024];
        foreach (var file in RequestLogFiles.AllSetsOldestFirst(path))
        {
            ScanFile(file, builder, keyField, filter, ref chars);
        }
    }

    private static void ScanFile(string file, UsageSummaryBuilder builder, byte[] keyField, SessionFilter? filter, ref char[] chars)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1);
        }
        catch (FileNotFoundException)
        {
            return; // rotated away between listing and opening
        }

        using (stream)
        using (var lines = new JsonlLineReader(stream, bufferBytes: ReadChunk))
        {
            while (lines.TryReadLine(out var line))
            {
                if (filter is null || filter.Wants(line.Span))
                {
                    ScanLine(line.Span, builder, keyField, ref chars);
                }
            }
        }
    }

    private static void ScanLine(ReadOnlySpan<byte> line, UsageSummaryBuilder builder, byte[] keyField, ref char[] chars)
    {
        line = line.Trim(" \t\r"u8);
        if (line.IsEmpty)
        {
            return;
        }

        try
        {
            if (TryRead(line, keyField, ref chars, out var sample, out var keyLength))
            {
                builder.Add(sample, chars.AsSpan(0, keyLength));
                return;
            }
        }
        catch (JsonException)
        {
        }
        catch (InvalidOperationException)
        {
            // A field of the wrong type (GetInt64 on a string): the deserialiser would reject the line too.
        }
        catch (FormatException)
        {
        }

        builder.CountMalformedLine();
    }

    private static bool TryRead(ReadOnlySpan<byte> line, byte[] keyField, ref char[] chars, out UsageSample sample, out int keyLength)
    {
        sample = default;
        keyLength = 0;
        var reader = new Utf8JsonReader(line, new JsonReaderOptions { AllowTrailingCommas = false });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        var fields = new LineFields();
        var keyIsId = false;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                sample = fields.ToSample();
                return !reader.Read(); // nothing may follow the object
            }

            if (keyField.Length > 0 && reader.ValueTextEquals(keyField))
            {
                reader.Read();
                if (!keyIsId)
                {
                    keyLength = ReadKey(ref reader, ref chars);
                }

                continue;
            }

            // By upstream: two keys on one relay log one base_url and an upstream_id each; the id, when present, is the group.
            if (keyField == UpstreamField && reader.ValueTextEquals("upstream_id"u8))
            {
                reader.Read();
                keyIsId = reader.TokenType == JsonTokenType.String;
                keyLength = keyIsId ? ReadKey(ref reader, ref chars) : keyLength;
                continue;
            }

            var name = reader.ValueSpan;
            reader.Read();
            if (!fields.Read(name, ref reader))
            {
                return false;
            }
        }

        return false;
    }

    /// <summary>The fields of one line as the reader meets them; a struct, so a line allocates nothing.</summary>
    private struct LineFields
    {
        private long _timestamp, _duration, _input, _cached, _output, _reasoning, _total;
        private decimal _cost;
        private bool _hasUsage, _hasCost, _failed;
        private int _status;
        private ServiceKind? _service;
        private int _outcome; // 0: no outcome field (older line), 1: ok, 2: anything else

        /// <summary>Takes the value the reader is on; false when it makes the line malformed.</summary>
        public bool Read(ReadOnlySpan<byte> name, ref Utf8JsonReader reader)
        {
            switch (name)
            {
                case var n when n.SequenceEqual("timestamp_ms"u8): _timestamp = reader.GetInt64(); break;
                case var n when n.SequenceEqual("duration_ms"u8): _duration = reader.GetInt64(); break;
                case var n when n.SequenceEqual("status_code"u8): _status = reader.GetInt32(); break;
                case var n when n.SequenceEqual("service"u8):
                    _service = reader.ValueTextEquals("codex"u8) ? ServiceKind.Codex : reader.ValueTextEquals("claude"u8) ? ServiceKind.Claude : null;
                    break;
                case var n when n.SequenceEqual("error"u8): _failed |= reader.TokenType != JsonTokenType.Null; break;
                case var n when n.SequenceEqual("client_aborted"u8): _failed |= reader.GetBoolean(); break;
                case var n when n.SequenceEqual("outcome"u8): _outcome = reader.TokenType != JsonTokenType.String ? 0 : reader.ValueTextEquals("ok"u8) ? 1 : 2; break;
                case var n when n.SequenceEqual("cost_usd"u8):
                    _hasCost = reader.TokenType != JsonTokenType.Null;
                    _cost = _hasCost ? reader.GetDecimal() : 0;
                    break;
                case var n when n.SequenceEqual("usage"u8):
                    if (reader.TokenType == JsonTokenType.StartObject)
                    {
                        _hasUsage = true;
                        ReadUsage(ref reader);
                    }
                    else if (reader.TokenType != JsonTokenType.Null)
                    {
                        return false;
                    }

                    break;
                default:
                    reader.Skip();
                    break;
            }

            return true;
        }

        public readonly UsageSample ToSample()
        {
            var isError = _outcome switch { 1 => false, 2 => true, _ => _failed || UsageSample.IsErrorStatus(_status) };
            return new UsageSample(_timestamp, _service, _duration, isError,
                _input, _cached, _output, _reasoning, _total > 0 ? _total : _input + _output, _cost, UsageSample.IsUnpriced(_hasUsage, _hasCost));
        }

        private void ReadUsage(ref Utf8JsonReader reader)
        {
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                var name = reader.ValueSpan;
                reader.Read();
                switch (name)
                {
                    case var n when n.SequenceEqual("input_tokens"u8): _input = reader.GetInt64(); break;
                    case var n when n.SequenceEqual("cached_input_tokens"u8): _cached = reader.GetInt64(); break;
                    case var n when n.SequenceEqual("output_tokens"u8): _output = reader.GetInt64(); break;
                    case var n when n.SequenceEqual("reasoning_tokens"u8): _reasoning = reader.GetInt64(); break;
                    case var n when n.SequenceEqual("total_tokens"u8): _total = reader.GetInt64(); break;
                    default: reader.Skip(); break;
                }
            }
        }
    }

    private static int ReadKey(ref Utf8JsonReader reader, ref char[] chars)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return 0;
        }

        var needed = reader.HasValueSequence ? (int)reader.ValueSequence.Length : reader.ValueSpan.Length;
        if (needed > chars.Length)
        {
            chars = new char[needed];
        }

        return reader.CopyString(chars);
    }

    /// <summary>Picks the lines of a few sessions by the raw <c>"session_id":"…"</c> bytes, without parsing the line.</summary>
    private sealed class SessionFilter(HashSet<string> ids)
    {
        private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _lookup = ids.GetAlternateLookup<ReadOnlySpan<char>>();

        public bool Wants(ReadOnlySpan<byte> line)
        {
            // The writer emits this exact form near the end of the line; ids are uuids (ASCII, nothing to unescape).
            // Inside string values quotes are escaped, so the needle cannot match there.
            var at = line.LastIndexOf("\"session_id\":\""u8);
            if (at < 0)
            {
                return false;
            }

            var value = line[(at + 14)..];
            var end = value.IndexOf((byte)'"');
            if (end <= 0 || end > 128)
            {
                return false;
            }

            Span<char> chars = stackalloc char[end];
            for (var i = 0; i < end; i++)
            {
                chars[i] = (char)value[i];
            }

            return _lookup.Contains(chars);
        }
    }
}
