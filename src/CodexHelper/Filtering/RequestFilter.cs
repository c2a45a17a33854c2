using System.Buffers;

namespace CodexHelper.Filtering;

/// <summary>
/// The compiled rules of filter.json, applied in order to the raw bytes of a request body.
/// Immutable, so one instance is shared by all concurrent requests without locking.
/// </summary>
internal sealed class RequestFilter
{
    private readonly FilterRule[] _rules;

    private RequestFilter(FilterRule[] rules) => _rules = rules;

    public static RequestFilter Empty { get; } = new([]);

    public int RuleCount => _rules.Length;

    /// <summary>Compiles filter.json; throws <see cref="UserFacingException"/> "path:line: problem" when it is malformed.</summary>
    public static RequestFilter Parse(ReadOnlySpan<byte> json, string pathForErrors)
    {
        var rules = FilterRuleParser.Parse(json, pathForErrors);
        return rules.Count == 0 ? Empty : new RequestFilter([.. rules]);
    }

    /// <summary>The one reader of filter.json: reads and compiles it; a missing file means no rules.</summary>
    public static RequestFilter Load(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            return Empty;
        }
        catch (DirectoryNotFoundException)
        {
            return Empty;
        }

        return Parse(bytes, path);
    }

    /// <summary>
    /// Returns the filtered body. When no rule matches, returns <paramref name="body"/> itself (no copy).
    /// Each rule sees the previous rule's output; matches are found left to right and do not overlap.
    /// </summary>
    public ReadOnlyMemory<byte> Apply(ReadOnlyMemory<byte> body, out int replacements)
    {
        var result = ApplyPooled(body, out replacements, out var rented);
        if (rented is null)
        {
            return result;
        }

        var copy = result.ToArray();
        ArrayPool<byte>.Shared.Return(rented);
        return copy;
    }

    /// <summary>
    /// Like <see cref="Apply"/>, but when a rule matched the result lives in <paramref name="rented"/>, an
    /// <see cref="ArrayPool{T}.Shared"/> array the caller returns when done with it. Bodies of 40 KB–1 MB would
    /// otherwise cost a large-object-heap allocation per request (and the gen-2 collections that follow).
    /// </summary>
    public ReadOnlyMemory<byte> ApplyPooled(ReadOnlyMemory<byte> body, out int replacements, out byte[]? rented) =>
        Run(body, Memory<byte>.Empty, out replacements, out rented);

    /// <summary>
    /// Like <see cref="ApplyPooled"/>, but a rule whose replacement is no longer than what it replaces rewrites
    /// <paramref name="body"/> in place (the body as read is not needed once filtered). Redaction rules usually
    /// shrink (<c>secret-corp.com</c> → <c>[REDACTED]</c>), so a matching request then costs no second buffer and
    /// no copy of the whole body. The result is a prefix of <paramref name="body"/> or lives in <paramref name="rented"/>.
    /// </summary>
    public ReadOnlyMemory<byte> ApplyInPlace(Memory<byte> body, out int replacements, out byte[]? rented) =>
        Run(body, body, out replacements, out rented);

    /// <param name="writable">The same memory as <paramref name="body"/> when it may be overwritten, else empty.</param>
    private ReadOnlyMemory<byte> Run(ReadOnlyMemory<byte> body, Memory<byte> writable, out int replacements, out byte[]? rented)
    {
        replacements = 0;
        rented = null;
        var current = body;
        var inPlace = writable.Length == body.Length && body.Length > 0; // `writable` holds `current`
        byte[]? currentBuffer = null; // rented; holds `current` once a rule has matched
        byte[]? spareBuffer = null;   // rented; the next rule's output goes here, then the two swap
        int[]? matches = null;
        try
        {
            foreach (var rule in _rules)
            {
                var input = current.Span;
                var first = input.IndexOf(rule.Source);
                if (first < 0)
                {
                    // The common case: one vectorised scan, nothing allocated, nothing copied.
                    continue;
                }

                var count = FindMatches(input, rule.Source, first, ref matches);
                var outputLength = input.Length + (count * (rule.Target.Length - rule.Source.Length));
                replacements += count;
                if (inPlace && rule.Target.Length <= rule.Source.Length)
                {
                    // The write position never passes the read position, so nothing is overwritten before it is read.
                    Substitute(input, rule, matches.AsSpan(0, count), writable.Span);
                    writable = writable[..outputLength];
                    current = writable;
                    continue;
                }

                writable = SubstituteIntoSpare(input, rule, matches.AsSpan(0, count), outputLength, ref currentBuffer, ref spareBuffer);
                current = writable;
                inPlace = true;
            }

            if (currentBuffer is null)
            {
                return current;
            }

            // Ownership of the buffer holding the result passes to the caller.
            rented = currentBuffer;
            currentBuffer = null;
            return current;
        }
        finally
        {
            Return(ref currentBuffer);
            Return(ref spareBuffer);
            if (matches is not null)
            {
                ArrayPool<int>.Shared.Return(matches);
            }
        }
    }

    /// <summary>The output goes to the spare rented buffer (grown when too small), which then becomes the one holding
    /// the current body; the two swap so a chain of rules needs at most two buffers.</summary>
    private static Memory<byte> SubstituteIntoSpare(ReadOnlySpan<byte> input, FilterRule rule, ReadOnlySpan<int> matches, int outputLength,
        ref byte[]? currentBuffer, ref byte[]? spareBuffer)
    {
        if (spareBuffer is null || spareBuffer.Length < outputLength)
        {
            Return(ref spareBuffer);
            spareBuffer = ArrayPool<byte>.Shared.Rent(Math.Max(outputLength, 1));
        }

        Substitute(input, rule, matches, spareBuffer);
        (currentBuffer, spareBuffer) = (spareBuffer, currentBuffer);
        return currentBuffer.AsMemory(0, outputLength);
    }

    /// <summary>Records the start of every non-overlapping match, left to right, starting with the known first one.</summary>
    private static int FindMatches(ReadOnlySpan<byte> input, ReadOnlySpan<byte> source, int first, ref int[]? matches)
    {
        matches ??= ArrayPool<int>.Shared.Rent(64);
        var count = 0;
        var position = first;
        while (true)
        {
            if (count == matches.Length)
            {
                var bigger = ArrayPool<int>.Shared.Rent(matches.Length * 2);
                matches.AsSpan().CopyTo(bigger);
                ArrayPool<int>.Shared.Return(matches);
                matches = bigger;
            }

            matches[count++] = position;
            var next = position + source.Length;
            var offset = input[next..].IndexOf(source);
            if (offset < 0)
            {
                return count;
            }

            position = next + offset;
        }
    }

    private static void Substitute(ReadOnlySpan<byte> input, FilterRule rule, ReadOnlySpan<int> matches, Span<byte> output)
    {
        var read = 0;
        var written = 0;
        foreach (var match in matches)
        {
            var kept = input[read..match];
            kept.CopyTo(output[written..]);
            written += kept.Length;
            rule.Target.CopyTo(output[written..]);
            written += rule.Target.Length;
            read = match + rule.Source.Length;
        }

        input[read..].CopyTo(output[written..]);
    }

    private static void Return(ref byte[]? buffer)
    {
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = null;
        }
    }
}
