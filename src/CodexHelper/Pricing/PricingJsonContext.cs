using System.Text.Json.Serialization;

namespace CodexHelper.Pricing;

[JsonSourceGenerationOptions(ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[JsonSerializable(typeof(PriceTableFile))]
[JsonSerializable(typeof(Dictionary<string, ModelPrice>))]
internal sealed partial class PricingJsonContext : JsonSerializerContext;
