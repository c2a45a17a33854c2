using CodexHelper.ModelMapping;

namespace CodexHelper.Proxy;

/// <summary>Reads the top-level <c>model</c> of a JSON request body for the log, without building a document.</summary>
internal static class RequestModel
{
    public static string? Find(ReadOnlySpan<byte> json) => ModelField.Locate(json)?.Value;
}
