using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Extender.Tests.Sandbox;

/// <summary>
/// A tiny scriptable extender on 127.0.0.1 that records every request body. By default filter passes every node it
/// is given (in the same mode) and prioritize scores nothing.
/// </summary>
internal sealed class FakeExtender : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeExtender(WebApplication app)
    {
        _app = app;
        Url = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single() + "/scheduler");
    }

    public Uri Url { get; }

    public ConcurrentQueue<(string Verb, JsonObject Body)> Requests { get; } = new();

    /// <summary>Answers a verb; returns status and body. Null means the default behaviour.</summary>
    public Func<string, JsonObject, (int Status, string Body)?> Respond { get; set; } = (_, _) => null;

    public int Calls(string verb) => Requests.Count(r => r.Verb == verb);

    public static async Task<FakeExtender> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        FakeExtender? self = null;
        app.MapPost("/scheduler/{verb}", async (string verb, HttpContext context) =>
        {
            var body = (JsonObject)(await JsonNode.ParseAsync(context.Request.Body))!;
            self!.Requests.Enqueue((verb, body));
            var (status, text) = self.Respond(verb, body) ?? Default(verb, body);
            return Results.Text(text, "application/json", statusCode: status);
        });
        await app.StartAsync();
        self = new FakeExtender(app);
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static (int, string) Default(string verb, JsonObject body) => verb switch
    {
        "filter" => (200, new JsonObject { ["Nodes"] = body["Nodes"]?.DeepClone(), ["NodeNames"] = body["NodeNames"]?.DeepClone() }.ToJsonString()),
        "prioritize" => (200, "[]"),
        _ => (404, ""),
    };
}
