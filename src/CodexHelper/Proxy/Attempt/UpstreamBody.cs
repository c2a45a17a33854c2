using System.Buffers;
using CodexHelper.Configuration;
using CodexHelper.ModelMapping;
using CodexHelper.Proxy.Intake;

namespace CodexHelper.Proxy.Attempt;

/// <summary>
/// The body one upstream gets: the (filtered) request as the client sent it, with only the <c>model</c> value
/// replaced when that upstream's <c>model_map</c> renames it. Every attempt starts from the original body, so a
/// failover applies the next upstream's own map, never the previous one's.
/// </summary>
internal readonly struct UpstreamBody
{
    private readonly ReadOnlyMemory<byte> _original;
    private readonly ModelField? _field;

    public UpstreamBody(ReadOnlyMemory<byte> original)
    {
        _original = original;
        _field = original.IsEmpty ? null : ModelField.Locate(original.Span);
    }

    /// <summary>What the client asked for (the log's <c>model</c>).</summary>
    public string? Model => _field?.Value;

    /// <summary>The model <paramref name="upstream"/> is asked for.</summary>
    public string? ModelFor(UpstreamConfig upstream) => _field is { } f ? upstream.ModelMap.Map(f.Value) : null;

    /// <summary>
    /// The bytes to send to <paramref name="upstream"/>. A mapped copy lives in a pooled array that
    /// <paramref name="lease"/> returns once no send reads it any more.
    /// </summary>
    public ReadOnlyMemory<byte> For(UpstreamConfig upstream, BodyLease lease, out string? upstreamModel)
    {
        upstreamModel = null;
        if (_field is not { } field || upstream.ModelMap.IsEmpty)
        {
            return _original;
        }

        var mapped = upstream.ModelMap.Map(field.Value);
        if (string.Equals(mapped, field.Value, StringComparison.Ordinal))
        {
            return _original;
        }

        upstreamModel = mapped;
        var token = ModelField.Token(mapped);
        var length = field.RewrittenLength(_original.Length, token);
        var array = ArrayPool<byte>.Shared.Rent(length);
        lease.AdoptExtra(array);
        field.Rewrite(_original.Span, token, array);
        return array.AsMemory(0, length);
    }
}
