using System.Text.Json;
using System.Text.Json.Serialization;

namespace CodexHelper.Gateway;

/// <summary>Source-generated serialisation for tokens.json and <c>token list --json</c>.</summary>
[JsonSourceGenerationOptions(
    WriteIndented = true,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(TokensDocument))]
[JsonSerializable(typeof(List<TokenListItem>))]
internal sealed partial class GatewayJsonContext : JsonSerializerContext;
