using System.Text.Json;

namespace CodexHelper.Translation.ResponsesClient;

/// <summary>A callable tool the client declared, with the name the upstream knows it by and what to describe it with.</summary>
/// <param name="Description">The client's description string, copied as it came.</param>
internal sealed record DeclaredTool(ClientTool Tool, string UpstreamName, JsonElement? Description, JsonElement? Parameters, bool? Strict)
{
    /// <summary>A freeform (custom) tool, sent upstream as a function taking one string.</summary>
    public bool IsCustom => Tool.Kind == ClientToolKind.Custom;

    /// <summary>
    /// The description the upstream gets, when there is one (an empty one left out when <paramref name="skipEmpty"/>):
    /// the client's as it came; a custom tool's says how to pass its one string.
    /// </summary>
    public void WriteDescription(Utf8JsonWriter w, bool skipEmpty)
    {
        if (IsCustom)
        {
            w.WriteString("description"u8, CustomToolInput.Describe(Description?.GetString()));
        }
        else if (Description is { } description && !(skipEmpty && RawJson.Of(description).Length <= 2))
        {
            RawJson.Write(w, "description"u8, description);
        }
    }

    /// <summary>The tool's input schema as a value: a custom tool's one-string wrapper, the declared parameters, or an empty object.</summary>
    public void WriteSchema(Utf8JsonWriter w)
    {
        if (IsCustom)
        {
            CustomToolInput.WriteSchema(w);
        }
        else if (Parameters is { } parameters)
        {
            RawJson.WriteValue(w, parameters);
        }
        else
        {
            w.WriteRawValue("""{"type":"object","properties":{}}"""u8);
        }
    }
}
