using System.Text.Json;
using System.Text.Json.Serialization;

namespace CodexHelper.Tests.Sessions;

[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(JsonElement))]
internal sealed partial class SessionTestJson : JsonSerializerContext;
