using System.Text.Json.Serialization;

namespace CodexHelper.Dashboard;

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(FeedItem))]
[JsonSerializable(typeof(ServiceState))]
[JsonSerializable(typeof(DashboardState))]
[JsonSerializable(typeof(DroppedEvent))]
[JsonSerializable(typeof(RequestInspection))]
[JsonSerializable(typeof(TodayReport))]
[JsonSerializable(typeof(DashboardAction))]
[JsonSerializable(typeof(ActionResult))]
[JsonSerializable(typeof(Proxy.Reporting.ProxyStatus))]
internal sealed partial class DashboardJsonContext : JsonSerializerContext;
