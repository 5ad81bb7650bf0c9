using System.Text.Json.Nodes;
using Extender.Tests.Hosting;

namespace Extender.Tests.Endpoints;

public sealed class BadInputTests
{
    private const string Pod = """{"metadata":{"name":"web","namespace":"default","uid":"u1"},"spec":{"containers":[]}}""";

    public static TheoryData<string, string> FilterInputs => new()
    {
        { "{", "malformed JSON in ExtenderArgs" },
        { "", "request body is empty" },
        { "[]", "ExtenderArgs: expected an object, got an array" },
        { """{"Nodes":null,"NodeNames":["a"]}""", "Pod is required" },
        { $$"""{"Pod":{{Pod}}}""", "one of Nodes and NodeNames is required" },
        { $$"""{"Pod":{{Pod}},"Nodes":null,"NodeNames":null}""", "one of Nodes and NodeNames is required" },
        { $$"""{"Pod":{{Pod}},"Nodes":{"items":[]},"NodeNames":[]}""", "only one of Nodes and NodeNames may be set" },
        { $$"""{"Pod":"web","NodeNames":["a"]}""", "Pod: expected an object, got a string" },
        { $$"""{"Pod":{{Pod}},"NodeNames":5}""", "NodeNames: expected an array, got a number" },
        { $$"""{"Pod":{{Pod}},"NodeNames":["a",7]}""", "NodeNames[1]: expected a string, got a number" },
        { $$"""{"Pod":{{Pod}},"Nodes":[]}""", "Nodes: expected an object, got an array" },
        { $$$"""{"Pod":{{{Pod}}},"Nodes":{"items":[{"metadata":{}}]}}""", "Nodes.items[0]: metadata.name is required" },
        { $$$$"""{"Pod":{{{{Pod}}}},"Nodes":{"items":[{"metadata":{"name":"n"},"status":{"allocatable":{"cpu":"lots"}}}]}}""", "Nodes.items[0]:" },
        { """{"Pod":{"metadata":{"name":5}},"NodeNames":["a"]}""", "Pod: " },
        { """{"Pod":{"spec":{"containers":[{"name":"c","resources":{"requests":{"cpu":"abc"}}}]}},"NodeNames":["a"]}""", "Pod: " },
    };

    [Theory]
    [MemberData(nameof(FilterInputs))]
    public async Task Filter_BadInput_Returns400NamingTheProblem(string body, string expected)
    {
        await using var host = await ExtenderTestHost.StartAsync();

        var (status, answer) = await host.PostAsync("/scheduler/filter", body);

        Assert.Equal(400, status);
        Assert.Equal(["Error"], WirePayloads.Keys(answer));
        Assert.Contains(expected, (string?)JsonNode.Parse(answer)!["Error"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bind", "{\"PodName\":\"web\",\"PodNamespace\":\"default\",\"Node\":\"n1\"}", "PodUID is required")]
    [InlineData("bind", "{\"PodName\":5}", "malformed JSON in ExtenderBindingArgs")]
    [InlineData("bind", "null", "request body must be a JSON ExtenderBindingArgs object")]
    [InlineData("prioritize", "{\"Pod\":null,\"NodeNames\":[]}", "Pod is required")]
    [InlineData("preempt", "{\"NodeNameToMetaVictims\":{}}", "Pod is required")]
    [InlineData("preempt", "{\"Pod\":" + Pod + ",\"NodeNameToMetaVictims\":{\"a\":{\"Pods\":5}}}", "NodeNameToMetaVictims:")]
    [InlineData("preempt", "{\"Pod\":" + Pod + ",\"NodeNameToVictims\":{\"a\":{\"NumPDBViolations\":1.5}}}", "NodeNameToVictims[a].NumPDBViolations: expected an integer")]
    public async Task Verb_BadInput_Returns400NamingTheProblem(string verb, string body, string expected)
    {
        await using var host = await ExtenderTestHost.StartAsync();

        var (status, answer) = await host.PostAsync($"/scheduler/{verb}", body);

        Assert.Equal(400, status);
        Assert.Contains(expected, (string?)JsonNode.Parse(answer)!["Error"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("filter")]
    [InlineData("prioritize")]
    [InlineData("bind")]
    [InlineData("preempt")]
    public async Task Verb_Garbage_NeverAnswers500(string verb)
    {
        await using var host = await ExtenderTestHost.StartAsync();
        var random = new Random(20260723);
        var bodies = new List<byte[]>
        {
            "null"u8.ToArray(), "true"u8.ToArray(), "42"u8.ToArray(), "\"x\""u8.ToArray(), "{}"u8.ToArray(), "[1,2]"u8.ToArray(),
            "{\"Pod\":{}}"u8.ToArray(), "{\"Pod\":[],\"NodeNames\":{}}"u8.ToArray(), "{\"Pod\":{\"spec\":{\"containers\":5}},\"NodeNames\":[]}"u8.ToArray(),
            "{\"NodeNameToVictims\":[],\"Pod\":{}}"u8.ToArray(), "{\"PodName\":[],\"PodUID\":{}}"u8.ToArray(), new byte[] { 0xFF, 0xFE, 0x00 }, "{\"Pod\":{\"metadata\":"u8.ToArray(),
        };
        for (var i = 0; i < 20; i++)
        {
            var noise = new byte[random.Next(1, 200)];
            random.NextBytes(noise);
            bodies.Add(noise);
        }

        foreach (var body in bodies)
        {
            var (status, answer) = await host.PostAsync($"/scheduler/{verb}", body);

            Assert.True(status is 200 or 400, $"{verb} answered {status} to {Convert.ToHexString(body)}: {answer}");
            if (status == 400)
            {
                Assert.False(string.IsNullOrEmpty((string?)JsonNode.Parse(answer)!["Error"]));
            }
        }
    }

    [Fact]
    public async Task Filter_BodyOverLimit_Returns413()
    {
        await using var host = await ExtenderTestHost.StartAsync(new Dictionary<string, string?> { ["Endpoints:MaxRequestBodyBytes"] = "1024" });
        var body = WirePayloads.WithNames(WirePayloads.Pod("web"), [.. Enumerable.Range(0, 100).Select(i => $"node-{i}")]);

        var (status, answer) = await host.PostAsync("/scheduler/filter", body);

        Assert.Equal(413, status);
        Assert.Equal("request body exceeds the limit of 1024 bytes", (string?)JsonNode.Parse(answer)!["Error"]);
    }

    [Fact]
    public async Task Filter_ChunkedBodyOverLimit_Returns413()
    {
        await using var host = await ExtenderTestHost.StartAsync(new Dictionary<string, string?> { ["Endpoints:MaxRequestBodyBytes"] = "1024" });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/scheduler/filter") { Content = new ByteArrayContent(new byte[4096]) };
        request.Headers.TransferEncodingChunked = true;

        using var response = await host.Client.SendAsync(request);

        Assert.Equal(413, (int)response.StatusCode);
    }
}
