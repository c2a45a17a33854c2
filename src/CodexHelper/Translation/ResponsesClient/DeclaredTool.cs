using System.Text.Json;

namespace CodexHelper.Translation.ResponsesClient;

/// <summary>A callable tool the client declared, with the name the upstream knows it by and what to describe it with.</summary>
internal sealed record DeclaredTool(ClientTool Tool, string UpstreamName, string? Description, JsonElement? Parameters, bool? Strict)
{
    /// <summary>A freeform (custom) tool, sent upstream as a function taking one string.</summary>
    public bool IsCustom => Tool.Kind == ClientToolKind.Custom;

    /// <summary>The description the upstream gets: a custom tool's says how to pass its one string.</summary>
    public string? UpstreamDescription => IsCustom ? CustomToolInput.Describe(Description) : Description;

    /// <summary>The tool's input schema as a value: a custom tool's one-string wrapper, the declared parameters, or an empty object.</summary>
    public void WriteSchema(Utf8JsonWriter w)
    {
        if (IsCustom)
        {
            CustomToolInput.WriteSchema(w);
        }
        else if (Parameters is { } parameters)
        {
            parameters.WriteTo(w);
        }
        else
        {
            w.WriteRawValue("""{"type":"object","properties":{}}"""u8);
        }
    }
}
