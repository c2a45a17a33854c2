namespace CodexHelper.Translation.ResponsesClient;

/// <summary>The fields every Responses <c>response</c> object starts with.</summary>
internal readonly record struct ResponseHead(string Id, long CreatedAt, string Status, string Model);
