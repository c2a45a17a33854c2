using System.Text.Json;
using System.Text;

namespace CodexHelper.Proxy.Judging;

/// <summary>
/// Why each upstream of one request failed, for the one line the client shows when all of them did:
/// <c>all 2 upstreams failed: relay-a.example: 503 overloaded; relay-b.example: connection refused</c>.
/// </summary>
internal sealed partial class FailureSummary
{
    private const int MaxUpstreamMessage = 120;
    private readonly List<string> _parts = [];
    private int? _commonStatus;
    private bool _mixed;

    public int Count => _parts.Count;

    /// <summary>The status every failed attempt answered with, or 502 when they differed or some never answered.</summary>
    public int ClientStatus => !_mixed && _commonStatus is { } s ? s : 502;

    /// <param name="note">Something the user should fix about this upstream (an unset key variable), appended in parentheses.</param>
    public void Add(string baseUrl, int? status, string? error, string? upstreamMessage = null, string? note = null)
    {
        var why = status is { } code
            ? upstreamMessage is { Length: > 0 } m ? $"{code} {m}" : code.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : error ?? "failed";
        if (note is not null && !why.Contains(note, StringComparison.Ordinal))
        {
            why += $" ({note})";
        }

        _parts.Add($"{Name(baseUrl)}: {why}");
        if (status is null || (_commonStatus is { } c && c != status))
        {
            _mixed = true;
        }

        _commonStatus ??= status;
    }

    public override string ToString() => _parts.Count switch
    {
        0 => "no upstream to try",
        1 => "the only upstream failed: " + _parts[0],
        _ => $"all {_parts.Count} upstreams failed: {string.Join("; ", _parts)}",
    };

    /// <summary>host[:port] — enough to tell relays apart, without paths or credentials that a URL may carry.</summary>
    internal static string Name(string baseUrl) =>
        Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) ? (uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}") : baseUrl;

    /// <summary>The <c>error.message</c> (or <c>message</c>) of a JSON error body, shortened to one line; null when there is none.</summary>
    public static string? UpstreamMessage(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            using var doc = JsonDocument.ParseValue(ref reader);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var text =
                root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()
                : root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString()
                : root.TryGetProperty("message", out var msg) && msg.ValueKind == JsonValueKind.String ? msg.GetString()
                : null;
            return text is null ? null : OneLine(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string OneLine(string text)
    {
        var sb = new StringBuilder(Math.Min(text.Length, MaxUpstreamMessage + 1));
        foreach (var ch in text)
        {
            if (sb.Length == MaxUpstreamMessage)
            {
                sb.Append('…');
                break;
            }

            sb.Append(char.IsControl(ch) ? ' ' : ch);
        }

        // A relay may echo the key it refused: anything that looks like one is masked.
        return KeyLike().Replace(sb.ToString().Trim(), m => m.Value.Any(char.IsAsciiDigit) ? Configuration.SecretMask.Mask(m.Value) : m.Value);
    }

    [System.Text.RegularExpressions.GeneratedRegex("[A-Za-z0-9_\\-]{20,}")]
    private static partial System.Text.RegularExpressions.Regex KeyLike();
}
