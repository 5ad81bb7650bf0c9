using Microsoft.AspNetCore.WebUtilities;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Extender.Aws.Tests.Support;

/// <summary>A WireMock EC2 endpoint: stubs per Action (optionally per extra form field) and the parsed forms that were sent.</summary>
internal sealed class WireEc2 : IDisposable
{
    public WireEc2() => Server = WireMockServer.Start(new WireMock.Settings.WireMockServerSettings { Urls = ["http://127.0.0.1:0"] });

    public WireMockServer Server { get; }

    public Uri Url => new(Server.Url!);

    public void Stub(string action, string xml, int status = 200, string? field = null, string? value = null, int priority = 10) =>
        Server.Given(Request.Create().WithPath("/").UsingPost().WithBody((string? body) => Matches(body, action, field, value)))
            .AtPriority(priority)
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "text/xml;charset=UTF-8").WithBody(xml));

    public IReadOnlyList<Dictionary<string, string>> Sent(string action) =>
        [.. Server.LogEntries.Select(e => Form(e.RequestMessage!.Body)).Where(f => f.GetValueOrDefault("Action") == action)];

    public void Dispose() => Server.Stop();

    public static Dictionary<string, string> Form(string? body) =>
        QueryHelpers.ParseQuery(body ?? "").ToDictionary(kv => kv.Key, kv => kv.Value.ToString(), StringComparer.Ordinal);

    private static bool Matches(string? body, string action, string? field, string? value)
    {
        var form = Form(body);
        return form.GetValueOrDefault("Action") == action && (field is null || form.GetValueOrDefault(field) == value);
    }
}
