using Extender.Sandbox.Scheduling;
using k8s;
using k8s.Models;

namespace Extender.Tests.Sandbox;

public sealed class SandboxSchedulerTests
{
    [Fact]
    public async Task Schedule_NoNodeFeasibleInTree_MarksUnschedulableWithoutCallingFilter()
    {
        await using var h = await SchedulerHarness.StartAsync([SchedulerHarness.Node("small", cpu: "1")]);
        await h.Client.CoreV1.CreateNamespacedPodAsync(SchedulerHarness.Pod("big", cpu: "4"), "default");

        var condition = await h.UntilUnschedulableAsync("big");

        Assert.Equal("Unschedulable", condition.Reason);
        Assert.Equal("0/1 nodes are available: 1 Insufficient cpu.", condition.Message);
        Assert.Equal(0, h.Extender.Calls("filter"));
    }

    [Fact]
    public async Task Schedule_Failure_WritesFailedSchedulingEvent()
    {
        await using var h = await SchedulerHarness.StartAsync([SchedulerHarness.Node("small", cpu: "1")]);
        await h.Client.CoreV1.CreateNamespacedPodAsync(SchedulerHarness.Pod("big", cpu: "4"), "default");
        await h.UntilUnschedulableAsync("big");

        // The event is written after the pod's condition, in a call of its own.
        Eventsv1Event? warning = null;
        await SchedulerHarness.UntilAsync(
            async () => (warning = (await h.Client.EventsV1.ListNamespacedEventAsync("default")).Items.FirstOrDefault(e => e.Reason == "FailedScheduling")) is not null,
            "the FailedScheduling event");

        Assert.Equal("Warning", warning!.Type);
        Assert.Equal("Scheduling", warning.Action);
        Assert.Equal("default-scheduler", warning.ReportingController);
        Assert.Equal("default-scheduler-sandbox", warning.ReportingInstance);
        Assert.Equal("big", warning.Regarding.Name);
        Assert.Equal("0/1 nodes are available: 1 Insufficient cpu.", warning.Note);
    }

    [Fact]
    public async Task Schedule_AntiAffinityNamespaceSelector_PicksNamespacesByTheirLabels()
    {
        // kube-scheduler reads Namespace objects for a term's namespaceSelector. Least-allocated scoring alone would
        // choose "big", where a web pod of a namespace labelled team=a already runs.
        await using var h = await SchedulerHarness.StartAsync(
            [SchedulerHarness.Node("big", cpu: "64", memory: "256Gi"), SchedulerHarness.Node("small")],
            prepare: api =>
            {
                api.Upsert(new V1Namespace { ApiVersion = "v1", Kind = "Namespace", Metadata = new V1ObjectMeta { Name = "team-a", Labels = new Dictionary<string, string> { ["team"] = "a" } } });
                var web = SchedulerHarness.Pod("web-a");
                web.Metadata.NamespaceProperty = "team-a";
                web.Metadata.Labels = new Dictionary<string, string> { ["app"] = "web" };
                web.Spec.NodeName = "big";
                api.Upsert(web);
            });
        var pod = SchedulerHarness.Pod("shy");
        pod.Spec.Affinity = new V1Affinity
        {
            PodAntiAffinity = new V1PodAntiAffinity
            {
                RequiredDuringSchedulingIgnoredDuringExecution =
                [
                    new V1PodAffinityTerm
                    {
                        TopologyKey = "kubernetes.io/hostname",
                        LabelSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } },
                        NamespaceSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["team"] = "a" } },
                    },
                ],
            },
        };
        await h.Client.CoreV1.CreateNamespacedPodAsync(pod, "default");

        await h.UntilBoundAsync("shy");

        Assert.Equal("small", (await h.ReadPodAsync("shy")).Spec.NodeName);
    }

    [Fact]
    public async Task Schedule_NoNodes_ReportsNoNodesAvailable()
    {
        await using var h = await SchedulerHarness.StartAsync([]);
        await h.Client.CoreV1.CreateNamespacedPodAsync(SchedulerHarness.Pod("lonely"), "default");

        var condition = await h.UntilUnschedulableAsync("lonely");

        Assert.Equal("no nodes available to schedule pods", condition.Message);
    }

    [Fact]
    public async Task Schedule_OneFeasibleNode_FiltersButDoesNotPrioritize()
    {
        await using var h = await SchedulerHarness.StartAsync([SchedulerHarness.Node("fits"), SchedulerHarness.Node("tiny", cpu: "500m")]);
        await h.Client.CoreV1.CreateNamespacedPodAsync(SchedulerHarness.Pod("web"), "default");

        await h.UntilBoundAsync("web");

        Assert.Equal("fits", (await h.ReadPodAsync("web")).Spec.NodeName);
        Assert.Equal(1, h.Extender.Calls("filter"));
        Assert.Equal(0, h.Extender.Calls("prioritize"));
        Assert.Equal("fits", Assert.Single(h.Scheduler.Metrics.Bindings).Node);
    }

    [Theory]
    [InlineData(1, "big")]
    [InlineData(2, "small")]
    public async Task Schedule_ExtenderScore_IsScaledByWeightTimesTen(long weight, string expected)
    {
        // In-tree least-allocated: big 98, small 81. The extender gives small 1 point: +10 per weight unit.
        await using var h = await SchedulerHarness.StartAsync(
            [SchedulerHarness.Node("big", cpu: "64", memory: "256Gi"), SchedulerHarness.Node("small", cpu: "4", memory: "8Gi")],
            url => new ExtenderConfig
            {
                UrlPrefix = url,
                FilterVerb = "filter",
                PrioritizeVerb = "prioritize",
                Weight = weight,
                NodeCacheCapable = true,
            });
        h.Extender.Respond = (verb, _) => verb == "prioritize" ? (200, """[{"Host":"small","Score":1}]""") : null;
        await h.Client.CoreV1.CreateNamespacedPodAsync(SchedulerHarness.Pod("web"), "default");

        await h.UntilBoundAsync("web");

        Assert.Equal(expected, (await h.ReadPodAsync("web")).Spec.NodeName);
        Assert.Equal(1, h.Extender.Calls("prioritize"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Filter_NodeCacheCapable_SendsNamesElseFullNodes(bool nodeCacheCapable)
    {
        await using var h = await SchedulerHarness.StartAsync(
            [SchedulerHarness.Node("n1")],
            url => new ExtenderConfig
            {
                UrlPrefix = url,
                FilterVerb = "filter",
                NodeCacheCapable = nodeCacheCapable,
            });
        await h.Client.CoreV1.CreateNamespacedPodAsync(SchedulerHarness.Pod("web"), "default");

        await h.UntilBoundAsync("web");

        var (_, body) = Assert.Single(h.Extender.Requests, r => r.Verb == "filter");
        Assert.Equal("web", (string?)body["Pod"]!["metadata"]!["name"]);
        Assert.Null(body["Pod"]!["kind"]);
        if (nodeCacheCapable)
        {
            Assert.True(body.ContainsKey("Nodes") && body["Nodes"] is null);
            Assert.Equal(["n1"], body["NodeNames"]!.AsArray().Select(n => (string?)n));
        }
        else
        {
            Assert.True(body.ContainsKey("NodeNames") && body["NodeNames"] is null);
            Assert.Equal("n1", (string?)body["Nodes"]!["items"]![0]!["metadata"]!["name"]);
            Assert.NotNull(body["Nodes"]!["metadata"]);
        }
    }

    [Fact]
    public async Task Filter_ExtenderRejectsNodes_MessageHistogramsItsReasons()
    {
        await using var h = await SchedulerHarness.StartAsync(
            [SchedulerHarness.Node("a"), SchedulerHarness.Node("b"), SchedulerHarness.Node("c"), SchedulerHarness.Node("d", cpu: "100m")]);
        h.Extender.Respond = (verb, _) => verb == "filter"
            ? (200, """{"nodenames":[],"failedNodes":{"a":"ec2-capacity: reserved"},"FailedAndUnresolvableNodes":{"b":"ec2-capacity: reserved","c":"ec2-capacity: cordoned"}}""")
            : null;
        await h.Client.CoreV1.CreateNamespacedPodAsync(SchedulerHarness.Pod("web"), "default");

        var condition = await h.UntilUnschedulableAsync("web");

        Assert.Equal(
            "0/4 nodes are available: 1 Insufficient cpu, 1 ec2-capacity: cordoned, 2 ec2-capacity: reserved.",
            condition.Message);
    }

    [Theory]
    [InlineData(200, """{"Error":"boom"}""", "boom")]
    [InlineData(500, "{}", "code 500")]
    [InlineData(200, "", "EOF")]
    [InlineData(200, """{"NodeNames":["ghost"]}""", "claims a filtered node \"ghost\"")]
    public async Task Filter_CallFails_MarksSchedulerError(int status, string body, string expected)
    {
        await using var h = await SchedulerHarness.StartAsync([SchedulerHarness.Node("n1")]);
        h.Extender.Respond = (verb, _) => verb == "filter" ? (status, body) : null;
        await h.Client.CoreV1.CreateNamespacedPodAsync(SchedulerHarness.Pod("web"), "default");

        var condition = await h.UntilUnschedulableAsync("web");

        Assert.Equal("SchedulerError", condition.Reason);
        Assert.Contains(expected, condition.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("null")]
    public async Task Filter_EmptyAnswer_PassesNoNode(string body)
    {
        await using var h = await SchedulerHarness.StartAsync([SchedulerHarness.Node("n1")]);
        h.Extender.Respond = (verb, _) => verb == "filter" ? (200, body) : null;
        await h.Client.CoreV1.CreateNamespacedPodAsync(SchedulerHarness.Pod("web"), "default");

        var condition = await h.UntilUnschedulableAsync("web");

        Assert.Equal("Unschedulable", condition.Reason);
        Assert.Equal("0/1 nodes are available:", condition.Message);
    }

    [Fact]
    public async Task Filter_IgnorableExtenderFails_NodesPassUnchanged()
    {
        await using var h = await SchedulerHarness.StartAsync([SchedulerHarness.Node("n1")], url => new ExtenderConfig { UrlPrefix = url, FilterVerb = "filter", Ignorable = true });
        h.Extender.Respond = (_, _) => (500, "");
        await h.Client.CoreV1.CreateNamespacedPodAsync(SchedulerHarness.Pod("web"), "default");

        await h.UntilBoundAsync("web");

        Assert.Equal("n1", (await h.ReadPodAsync("web")).Spec.NodeName);
    }

    [Fact]
    public async Task Retry_AfterBackoffAndAtOnceOnNodeAdd()
    {
        await using var h = await SchedulerHarness.StartAsync([]);
        await h.Client.CoreV1.CreateNamespacedPodAsync(SchedulerHarness.Pod("web"), "default");
        await SchedulerHarness.UntilAsync(() => Task.FromResult(h.Scheduler.Metrics.FailedAttempts == 1), "the first attempt");

        h.Time.Advance(TimeSpan.FromSeconds(1));
        await SchedulerHarness.UntilAsync(() => Task.FromResult(h.Scheduler.Metrics.FailedAttempts == 2), "the retry after 1 s");

        // The backoff is now 2 s; a new node ends it without any time passing.
        h.Api.Upsert(SchedulerHarness.Node("n1"));
        await h.UntilBoundAsync("web");

        Assert.Equal(3, h.Scheduler.Metrics.SchedulingAttempts);
    }

    [Fact]
    public async Task Bind_WithBindVerb_ExtenderCreatesTheBinding()
    {
        await using var h = await SchedulerHarness.StartAsync([SchedulerHarness.Node("n1")], url => new ExtenderConfig { UrlPrefix = url, FilterVerb = "filter", BindVerb = "bind", NodeCacheCapable = true });
        h.Extender.Respond = (verb, body) =>
        {
            if (verb != "bind")
            {
                return null;
            }

            h.Client.CoreV1.CreateNamespacedPodBinding(
                new V1Binding
                {
                    Metadata = new V1ObjectMeta { Name = (string?)body["PodName"], NamespaceProperty = (string?)body["PodNamespace"], Uid = (string?)body["PodUID"] },
                    Target = new V1ObjectReference { ApiVersion = "v1", Kind = "Node", Name = (string?)body["Node"] },
                },
                (string)body["PodName"]!,
                (string)body["PodNamespace"]!);
            return (200, """{"Error":""}""");
        };
        await h.Client.CoreV1.CreateNamespacedPodAsync(SchedulerHarness.Pod("web"), "default");

        await h.UntilBoundAsync("web");

        var (_, bind) = Assert.Single(h.Extender.Requests, r => r.Verb == "bind");
        Assert.Equal(["PodName", "PodNamespace", "PodUID", "Node"], bind.Select(p => p.Key));
        Assert.Equal("n1", (string?)bind["Node"]);
        Assert.Equal(1, h.Scheduler.Metrics.ExtenderCalls[SchedulerMetrics.Bind]);
    }

    [Fact]
    public async Task Schedule_OtherSchedulerName_IsLeftAlone()
    {
        await using var h = await SchedulerHarness.StartAsync([SchedulerHarness.Node("n1")]);
        var other = SchedulerHarness.Pod("other");
        other.Spec.SchedulerName = "someone-else";
        await h.Client.CoreV1.CreateNamespacedPodAsync(other, "default");
        await h.Client.CoreV1.CreateNamespacedPodAsync(SchedulerHarness.Pod("mine"), "default");

        await h.UntilBoundAsync("mine");

        Assert.Null((await h.ReadPodAsync("other")).Spec.NodeName);
        Assert.DoesNotContain(h.Extender.Requests, r => (string?)r.Body["Pod"]?["metadata"]?["name"] == "other");
    }

    [Fact]
    public async Task Schedule_ManyPods_AssumedPodsCountBeforeTheirBindingIsSeen()
    {
        await using var h = await SchedulerHarness.StartAsync([SchedulerHarness.Node("n1", cpu: "2"), SchedulerHarness.Node("n2", cpu: "2")]);
        for (var i = 0; i < 4; i++)
        {
            await h.Client.CoreV1.CreateNamespacedPodAsync(SchedulerHarness.Pod($"web-{i}"), "default");
        }

        for (var i = 0; i < 4; i++)
        {
            await h.UntilBoundAsync($"web-{i}");
        }

        var pods = (await h.Client.CoreV1.ListNamespacedPodAsync("default")).Items;
        Assert.All(pods.GroupBy(p => p.Spec.NodeName), g => Assert.Equal(2, g.Count()));
    }

    [Fact]
    public void Options_TwoBinders_AreRejected()
    {
        var options = new SandboxSchedulerOptions
        {
            Extenders =
            [
                new ExtenderConfig { UrlPrefix = new Uri("http://127.0.0.1:1/a"), BindVerb = "bind" },
                new ExtenderConfig { UrlPrefix = new Uri("http://127.0.0.1:1/b"), BindVerb = "bind" },
            ],
        };

        var error = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Equal("only one extender can implement bind", error.Message);
    }

    [Fact]
    public void Options_PrioritizeWithoutWeight_IsRejected()
    {
        var options = new SandboxSchedulerOptions { Extenders = [new ExtenderConfig { UrlPrefix = new Uri("http://127.0.0.1:1/a"), PrioritizeVerb = "prioritize" }] };

        var error = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Contains("weight must be positive", error.Message, StringComparison.Ordinal);
    }

}
