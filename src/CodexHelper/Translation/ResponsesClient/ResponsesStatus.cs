namespace CodexHelper.Translation.ResponsesClient;

/// <summary>How an answer ended, as the terminal event's <c>response.status</c> says it.</summary>
internal enum ResponsesStatus
{
    Completed,

    /// <summary>Cut short (<c>incomplete_details.reason</c>: <c>max_output_tokens</c> or <c>content_filter</c>).</summary>
    Incomplete,
}
