using System.Text.Json;
using CodexHelper.Files;

namespace CodexHelper.TokenCounts;

/// <summary>
/// Reads a plain JSON response body token by token as it arrives, keeping only the unfinished token
/// at the end of each chunk (never the body), and lets the walker pick out the top-level
/// <c>usage</c> / <c>response.usage</c> / <c>message.usage</c>.
/// </summary>
internal sealed class JsonBodyUsageScanner
{
    // Only a single token (a huge string) can make the carry-over grow; past this we stop scanning.
    internal const int MaxCarryBytes = 8 * 1024 * 1024;

    // Bytes of a new chunk appended to an unfinished token before retrying: enough to finish typical
    // tokens, so that the rest of the chunk is read in place without copying.
    private const int FirstTopUp = 512;

    private readonly UsageJsonWalker _walker;
    private readonly PooledWindow _carry = new(MaxCarryBytes);
    private JsonReaderState _state = new(new JsonReaderOptions { MaxDepth = 256 });
    private int _retryAtLength;
    private bool _stopped;

    public JsonBodyUsageScanner(ResponseUsageMerger accumulator) => _walker = new UsageJsonWalker(accumulator);

    public void Feed(ReadOnlySpan<byte> chunk)
    {
        while (!_stopped && !chunk.IsEmpty)
        {
            if (_carry.Length == 0)
            {
                var consumed = Read(chunk, isFinal: false);
                Carry(chunk[consumed..]);
                return;
            }

            // An unfinished token waits in the carry-over. Top it up; retry parsing only once it has grown
            // enough (doubling), so one huge token costs linear, not quadratic, work.
            var carried = _carry.Length;
            var take = Math.Min(chunk.Length, Math.Max(FirstTopUp, _retryAtLength - carried));
            if (!_carry.TryAppend(chunk[..take]))
            {
                Stop();
                return;
            }

            if (_carry.Length < _retryAtLength && take == chunk.Length)
            {
                return;
            }

            var used = Read(_carry.Span, isFinal: false);
            if (_stopped)
            {
                return;
            }

            if (used >= carried)
            {
                // The token finished inside the new bytes: continue straight from the chunk.
                _carry.Clear();
                chunk = chunk[(used - carried)..];
            }
            else
            {
                _carry.Consume(used);
                _retryAtLength = Math.Max(_carry.Length * 2, _carry.Length + FirstTopUp);
                chunk = chunk[take..];
            }
        }
    }

    public void Finish()
    {
        if (!_stopped && _carry.Length > 0)
        {
            Read(_carry.Span, isFinal: true);
        }

        _carry.Release();
        _stopped = true;
    }

    private void Carry(ReadOnlySpan<byte> rest)
    {
        if (_stopped || rest.IsEmpty)
        {
            return;
        }

        if (!_carry.TryAppend(rest))
        {
            Stop();
            return;
        }

        _retryAtLength = rest.Length + FirstTopUp;
    }

    private int Read(ReadOnlySpan<byte> data, bool isFinal)
    {
        var reader = new Utf8JsonReader(data, isFinal, _state);
        try
        {
            while (reader.Read())
            {
                _walker.OnToken(ref reader);
                if (_walker.RootClosed)
                {
                    // Whatever follows the document is not ours to judge.
                    Stop();
                    return data.Length;
                }
            }
        }
        catch (JsonException)
        {
            Stop(); // not JSON (an HTML error page, a truncated body): nothing more to learn
            return data.Length;
        }
        catch (InvalidOperationException)
        {
            Stop();
            return data.Length;
        }

        _state = reader.CurrentState;
        return (int)reader.BytesConsumed;
    }

    private void Stop()
    {
        _stopped = true;
        _carry.Clear();
    }
}
