using System.Net.Http.Headers;
using System.Text.Json;

namespace CodexHelper.Quota;

/// <summary>
/// Fetches one provider's balance for one upstream and turns every way it can go wrong into a problem text.
/// Problem texts name the endpoint without its query string and never include the token or the answer body.
/// </summary>
internal sealed class QuotaClient(HttpClient http)
{
    private const int MaxAnswerBytes = 1024 * 1024;

    public async Task<QuotaReading> ReadAsync(UsageProvider provider, string upstreamBaseUrl, string token, DateTimeOffset now, CancellationToken ct)
    {
        switch (provider.Kind)
        {
            case UsageProviderKinds.BudgetHttpJson:
            {
                var (doc, problem) = await GetJsonAsync(provider.Endpoint!, token, bearer: true, ct);
                using (doc)
                {
                    return doc is null ? QuotaReading.Failed(problem!) : QuotaRules.BudgetHttpJson(doc.RootElement);
                }
            }

            case UsageProviderKinds.YescodeProfile:
            {
                var (doc, problem) = await GetJsonAsync(provider.Endpoint!, token, bearer: false, ct);
                using (doc)
                {
                    return doc is null ? QuotaReading.Failed(problem!) : QuotaRules.YescodeProfile(doc.RootElement);
                }
            }

            case UsageProviderKinds.OpenAiBilling:
            {
                var root = (provider.Endpoint ?? upstreamBaseUrl).TrimEnd('/');
                var (subscription, p1) = await GetJsonAsync($"{root}/dashboard/billing/subscription", token, bearer: true, ct);
                using (subscription)
                {
                    if (subscription is null)
                    {
                        return QuotaReading.Failed(p1!);
                    }

                    var (usage, p2) = await GetJsonAsync($"{root}/dashboard/billing/usage?{QuotaRules.OpenAiUsageQuery(now)}", token, bearer: true, ct);
                    using (usage)
                    {
                        return usage is null ? QuotaReading.Failed(p2!) : QuotaRules.OpenAiBilling(subscription.RootElement, usage.RootElement);
                    }
                }
            }

            default:
                return QuotaReading.Failed($"unknown kind \"{provider.Kind}\"");
        }
    }

    private async Task<(JsonDocument? Doc, string? Problem)> GetJsonAsync(string url, string token, bool bearer, CancellationToken ct)
    {
        var shown = Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Path) : "endpoint";
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (bearer)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        else
        {
            request.Headers.TryAddWithoutValidation("X-API-Key", token);
        }

        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            if (!response.IsSuccessStatusCode)
            {
                return (null, $"{shown} answered HTTP {(int)response.StatusCode}");
            }

            if (response.Content.Headers.ContentLength > MaxAnswerBytes)
            {
                return (null, $"{shown} answered more than {MaxAnswerBytes} bytes");
            }

            await using var body = await response.Content.ReadAsStreamAsync(ct);
            using var bounded = new MemoryStream();
            var buffer = new byte[16 * 1024];
            int n;
            while ((n = await body.ReadAsync(buffer, ct)) > 0)
            {
                if (bounded.Length + n > MaxAnswerBytes)
                {
                    return (null, $"{shown} answered more than {MaxAnswerBytes} bytes");
                }

                bounded.Write(buffer, 0, n);
            }

            bounded.Position = 0;
            return (await JsonDocument.ParseAsync(bounded, cancellationToken: ct), null);
        }
        catch (JsonException)
        {
            return (null, $"{shown} did not answer JSON");
        }
        catch (HttpRequestException ex)
        {
            return (null, $"{shown}: {ex.Message}");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // HttpClient.Timeout surfaces as a cancellation that is not ours.
            return (null, $"{shown}: timed out");
        }
    }
}
