using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CodexHelper.Tests.Quota;

/// <summary>A balance endpoint on 127.0.0.1: answers each path with whatever the test set last, records what it was sent.</summary>
public sealed class QuotaStubServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, (int Status, string Body)> _answers = new();

    private QuotaStubServer(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";
    public ConcurrentQueue<SeenRequest> Seen { get; } = new();

    public static async Task<QuotaStubServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var stub = new QuotaStubServer(app);
        app.Run(stub.HandleAsync);
        await app.StartAsync();
        stub.BaseUrl = app.Urls.First().TrimEnd('/');
        return stub;
    }

    /// <summary>While set, requests wait for it before answering.</summary>
    public TaskCompletionSource? Hold { get; set; }

    public void Answer(string path, string json, int status = 200) => _answers[path] = (status, json);

    public int Count(string path) => Seen.Count(r => r.Path == path);

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        Seen.Enqueue(new SeenRequest(path, context.Request.QueryString.Value ?? "",
            context.Request.Headers.Authorization.ToString(), context.Request.Headers["X-API-Key"].ToString()));
        if (Hold is { } hold)
        {
            await hold.Task.WaitAsync(context.RequestAborted);
        }

        if (_answers.TryGetValue(path, out var answer))
        {
            context.Response.StatusCode = answer.Status;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(answer.Body);
        }
        else
        {
            context.Response.StatusCode = 404;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public sealed record SeenRequest(string Path, string Query, string Authorization, string ApiKey);
