using System.Text.Json;

namespace CodexHelper.Sessions;

/// <summary>
/// Picks id / timestamp / cwd out of a rollout's first record as its bytes arrive, one buffered window at a
/// time, and says when it has them all; anything else (base_instructions, git info) is skipped, never
/// materialised. The caller feeds it windows from a <see cref="JsonStreamBuffer"/>.
/// </summary>
internal sealed class CodexRolloutMetaScan
{
    private string? _id, _cwd, _type, _flatId, _flatCwd, _provider;
    private DateTimeOffset? _timestamp, _recordTimestamp;
    private bool _inPayload;
    private bool _started;

    internal enum Outcome
    {
        /// <summary>The window ended first: feed the next one from <c>consumed</c>/<c>state</c>.</summary>
        NeedMore,
        Complete,
        NotRollout,
    }

    private enum Step
    {
        Continue,
        NeedMore,
        EndOfRecord,
        NotRollout,
    }

    private enum Field
    {
        Type,
        RecordTimestamp,
        FlatId,
        FlatCwd,
        Id,
        Timestamp,
        Cwd,
        Provider,
    }

    /// <summary>What was found; very old rollouts put the meta fields at the top level instead of under payload.</summary>
    public CodexRolloutMeta Result => new(_id ?? _flatId, _timestamp ?? _recordTimestamp, _cwd ?? _flatCwd, _provider);

    /// <summary>Reads tokens from the window; <paramref name="consumed"/> and <paramref name="state"/> say where the next window starts.</summary>
    public Outcome Read(ref Utf8JsonReader reader, out long consumed, out JsonReaderState state)
    {
        consumed = 0;
        state = reader.CurrentState;
        while (reader.Read())
        {
            var step = Token(ref reader);
            if (step is Step.NeedMore or Step.NotRollout)
            {
                return step == Step.NeedMore ? Outcome.NeedMore : Outcome.NotRollout;
            }

            consumed = reader.BytesConsumed;
            state = reader.CurrentState;
            if (_type is not null && _type != "session_meta")
            {
                return Outcome.NotRollout;
            }

            // model_provider comes before the ~30 KB base_instructions in 0.169, so waiting for it costs little.
            if (step == Step.EndOfRecord || (_id is not null && _cwd is not null && _timestamp is not null && _provider is not null))
            {
                return Outcome.Complete;
            }
        }

        return Outcome.NeedMore;
    }

    private Step Token(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject when reader.CurrentDepth == 0:
                _started = true;
                return Step.Continue;
            case JsonTokenType.EndObject when reader.CurrentDepth == 0:
                return Step.EndOfRecord;
            case JsonTokenType.EndObject when reader.CurrentDepth == 1:
                _inPayload = false;
                return Step.Continue;
            case JsonTokenType.PropertyName:
                return Property(ref reader);
            default:
                return _started ? Step.Continue : Step.NotRollout; // not an object: not a rollout
        }
    }

    private Step Property(ref Utf8JsonReader reader)
    {
        var depth = reader.CurrentDepth;
        if (depth == 1 && reader.ValueTextEquals("payload"u8))
        {
            if (!reader.Read())
            {
                return Step.NeedMore;
            }

            if (reader.TokenType == JsonTokenType.StartObject)
            {
                _inPayload = true;
                return Step.Continue;
            }

            return reader.TrySkip() ? Step.Continue : Step.NeedMore;
        }

        if (depth is 1 or 2 && Wanted(ref reader, depth == 2 && _inPayload) is { } field)
        {
            return ReadField(ref reader, field);
        }

        return reader.TrySkip() ? Step.Continue : Step.NeedMore;
    }

    private Step ReadField(ref Utf8JsonReader reader, Field field)
    {
        if (!reader.Read())
        {
            return Step.NeedMore;
        }

        switch (field)
        {
            case Field.Type: _type = reader.TokenType == JsonTokenType.String ? reader.GetString() : null; break;
            case Field.RecordTimestamp: _recordTimestamp = JsonTimestamp.Read(ref reader); break;
            case Field.FlatId: _flatId = StringOrNull(ref reader); break;
            case Field.FlatCwd: _flatCwd = StringOrNull(ref reader); break;
            case Field.Id: _id = StringOrNull(ref reader); break;
            case Field.Timestamp: _timestamp = JsonTimestamp.Read(ref reader); break;
            case Field.Cwd: _cwd = StringOrNull(ref reader); break;
            case Field.Provider: _provider = StringOrNull(ref reader); break;
        }

        return reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && !reader.TrySkip() ? Step.NeedMore : Step.Continue;
    }

    private static Field? Wanted(ref Utf8JsonReader reader, bool inPayload)
    {
        if (inPayload)
        {
            return reader.ValueTextEquals("id"u8) ? Field.Id
                : reader.ValueTextEquals("timestamp"u8) ? Field.Timestamp
                : reader.ValueTextEquals("cwd"u8) ? Field.Cwd
                : reader.ValueTextEquals("model_provider"u8) ? Field.Provider
                : null;
        }

        if (reader.CurrentDepth != 1)
        {
            return null;
        }

        return reader.ValueTextEquals("type"u8) ? Field.Type
            : reader.ValueTextEquals("timestamp"u8) ? Field.RecordTimestamp
            : reader.ValueTextEquals("id"u8) ? Field.FlatId
            : reader.ValueTextEquals("cwd"u8) ? Field.FlatCwd
            : null;
    }

    private static string? StringOrNull(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
}
