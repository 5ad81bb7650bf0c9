using System.Net;
using Extender.Sandbox.Kubernetes;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Extender.Kubernetes.Tests.Sandbox;

public sealed class SandboxApiServerTests : IAsyncLifetime
{
    private SandboxApiServer _api = null!;
    private k8s.Kubernetes _client = null!;

    public async Task InitializeAsync()
    {
        _api = await SandboxApiServer.StartAsync(new SandboxApiServerOptions { BookmarkInterval = Timeout.InfiniteTimeSpan });
        _client = new k8s.Kubernetes(_api.ClientConfiguration());
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _api.DisposeAsync();
    }

    [Fact]
    public async Task ListPods_LabelAndFieldSelectors_ReturnOnlyMatches()
    {
        await CreatePodAsync("a", labels: new() { ["app"] = "web", ["tier"] = "front" }, nodeName: "n1");
        await CreatePodAsync("b", labels: new() { ["app"] = "web" });
        await CreatePodAsync("c", labels: new() { ["app"] = "db" }, nodeName: "n1");

        var web = await _client.CoreV1.ListPodForAllNamespacesAsync(labelSelector: "app=web");
        var notDb = await _client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "app notin (db),!tier");
        var unbound = await _client.CoreV1.ListPodForAllNamespacesAsync(fieldSelector: "spec.nodeName=");
        var onNode = await _client.CoreV1.ListPodForAllNamespacesAsync(fieldSelector: "spec.nodeName=n1,metadata.name!=c");

        Assert.Equal(["a", "b"], web.Items.Select(p => p.Metadata.Name));
        Assert.Equal(["b"], notDb.Items.Select(p => p.Metadata.Name));
        Assert.Equal(["b"], unbound.Items.Select(p => p.Metadata.Name));
        Assert.Equal(["a"], onNode.Items.Select(p => p.Metadata.Name));
    }

    [Fact]
    public async Task ListNodes_WithLimit_PagesThroughOneConsistentSnapshot()
    {
        foreach (var name in new[] { "n1", "n2", "n3", "n4", "n5" })
        {
            await _client.CoreV1.CreateNodeAsync(new V1Node { Metadata = new V1ObjectMeta { Name = name } });
        }

        var first = await _client.CoreV1.ListNodeAsync(limit: 2);
        await _client.CoreV1.CreateNodeAsync(new V1Node { Metadata = new V1ObjectMeta { Name = "n0" } });
        var second = await _client.CoreV1.ListNodeAsync(limit: 2, continueParameter: first.Metadata.ContinueProperty);
        var third = await _client.CoreV1.ListNodeAsync(limit: 2, continueParameter: second.Metadata.ContinueProperty);

        Assert.Equal(["n1", "n2", "n3", "n4", "n5"], first.Items.Concat(second.Items).Concat(third.Items).Select(n => n.Metadata.Name));
        Assert.Null(third.Metadata.ContinueProperty);
        Assert.Equal(first.Metadata.ResourceVersion, third.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task ReplaceNode_StaleResourceVersion_Returns409WithConflictStatus()
    {
        var node = await _client.CoreV1.CreateNodeAsync(new V1Node { Metadata = new V1ObjectMeta { Name = "n1" } });
        node.Metadata.Labels = new Dictionary<string, string> { ["x"] = "1" };
        await _client.CoreV1.ReplaceNodeAsync(node, "n1");

        node.Metadata.Labels["x"] = "2";
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.ReplaceNodeAsync(node, "n1"));

        Assert.Equal(HttpStatusCode.Conflict, error.Response.StatusCode);
        var status = KubernetesJson.Deserialize<V1Status>(error.Response.Content);
        Assert.Equal("Conflict", status.Reason);
        Assert.Equal(409, status.Code);
    }

    [Fact]
    public async Task CreatePod_Twice_Returns409AlreadyExists()
    {
        await CreatePodAsync("a");

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => CreatePodAsync("a"));

        Assert.Equal("AlreadyExists", KubernetesJson.Deserialize<V1Status>(error.Response.Content).Reason);
    }

    [Fact]
    public async Task BindPod_AlreadyBound_Returns409AndKeepsFirstNode()
    {
        await CreatePodAsync("a");
        await _client.CoreV1.CreateNamespacedPodBindingAsync(Binding("a", "n1"), "a", "default");

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.CreateNamespacedPodBindingAsync(Binding("a", "n2"), "a", "default"));

        Assert.Equal(HttpStatusCode.Conflict, error.Response.StatusCode);
        var pod = await _client.CoreV1.ReadNamespacedPodAsync("a", "default");
        Assert.Equal("n1", pod.Spec.NodeName);
        Assert.Contains(pod.Status.Conditions, c => c.Type == "PodScheduled" && c.Status == "True");
    }

    [Fact]
    public async Task PatchStatus_OnlyChangesStatus_AndMainPatchLeavesStatusAlone()
    {
        await CreatePodAsync("a");

        await _client.CoreV1.PatchNamespacedPodStatusAsync(
            new V1Patch(new { status = new { phase = "Running" }, spec = new { nodeName = "ignored" } }, V1Patch.PatchType.MergePatch), "a", "default");
        await _client.CoreV1.PatchNamespacedPodAsync(
            new V1Patch(new { metadata = new { labels = new { app = "x" } }, status = new { phase = "Failed" } }, V1Patch.PatchType.StrategicMergePatch), "a", "default");

        var pod = await _client.CoreV1.ReadNamespacedPodAsync("a", "default");
        Assert.Equal("Running", pod.Status.Phase);
        Assert.Null(pod.Spec.NodeName);
        Assert.Equal("x", pod.Metadata.Labels["app"]);
    }

    [Fact]
    public async Task Watch_FromResourceVersion_ReplaysLaterChangesInOrder()
    {
        var first = await CreatePodAsync("a");
        await CreatePodAsync("b");
        await _client.CoreV1.DeleteNamespacedPodAsync("a", "default");

        var seen = await CollectAsync(first.Metadata.ResourceVersion, count: 2);

        Assert.Equal([(WatchEventType.Added, "b"), (WatchEventType.Deleted, "a")], seen.Select(e => (e.Type, e.Pod.Metadata.Name)));
    }

    [Fact]
    public async Task Watch_CompactedResourceVersion_ReportsGoneToOnError()
    {
        var first = await CreatePodAsync("a");
        await CreatePodAsync("b");
        _api.Compact();
        Exception? error = null;

        await foreach (var _ in _client.CoreV1.WatchListPodForAllNamespacesAsync(resourceVersion: first.Metadata.ResourceVersion, onError: e => error = e))
        {
            Assert.Fail("a compacted watch yields no events");
        }

        var gone = Assert.IsType<KubernetesException>(error);
        Assert.Equal(410, gone.Status.Code);
    }

    [Fact]
    public async Task Watch_WithBookmarks_ReceivesBookmarkAtCurrentResourceVersion()
    {
        var pod = await CreatePodAsync("a");
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var events = _client.CoreV1.WatchListPodForAllNamespacesAsync(
            allowWatchBookmarks: true, resourceVersion: pod.Metadata.ResourceVersion, cancellationToken: cancel.Token).GetAsyncEnumerator(cancel.Token);

        var moved = events.MoveNextAsync();
        await WaitForAsync(() => _api.OpenWatches == 1);
        _api.SendBookmarks();

        Assert.True(await moved);
        Assert.Equal(WatchEventType.Bookmark, events.Current.Item1);
        Assert.Equal(_api.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), events.Current.Item2.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task DropWatches_OpenWatch_StreamEndsAfterQueuedEvents()
    {
        var pod = await CreatePodAsync("a");
        var watch = CollectAsync(pod.Metadata.ResourceVersion, count: int.MaxValue);
        await WaitForAsync(() => _api.OpenWatches == 1);
        await CreatePodAsync("b");

        _api.DropWatches();

        Assert.Equal(["b"], (await watch).Select(e => e.Pod.Metadata.Name));
    }

    [Fact]
    public async Task InjectFault_NextMatchingRequest_FailsWithThatStatusOnce()
    {
        _api.InjectFault(new Fault("GET", "/nodes", 503));

        var error = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.ListNodeAsync());
        var after = await _client.CoreV1.ListNodeAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.Response.StatusCode);
        Assert.Empty(after.Items);
    }

    /// <summary>
    /// Random faults hit only the user they name, each request with the given probability, and are counted by kind; a
    /// created object whose answer was reset (reset-after) exists all the same.
    /// </summary>
    [Fact]
    public async Task Chaos_RateOne_EveryRequestOfTheNamedUserFails_OthersServed()
    {
        _api.Chaos = new ApiChaos(1.0, Seed: 3, User: "system:serviceaccount:kube-system:someone-else");
        Assert.Empty((await _client.CoreV1.ListNodeAsync()).Items);
        Assert.Empty(_api.ChaosInjected);

        _api.Chaos = new ApiChaos(1.0, Seed: 3) { SlowBy = TimeSpan.FromMilliseconds(10) };
        var outcomes = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            try
            {
                await _client.CoreV1.ListNodeAsync();
                outcomes.Add("served");
            }
            catch (HttpOperationException e)
            {
                outcomes.Add(((int)e.Response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            catch (HttpRequestException)
            {
                outcomes.Add("reset");
            }
        }

        _api.Chaos = null;
        var injected = _api.ChaosInjected;
        Assert.Equal(40, injected.Values.Sum());
        Assert.DoesNotContain("409", injected.Keys);
        Assert.Equal(injected.GetValueOrDefault("slow"), outcomes.Count(o => o == "served"));
        Assert.Equal(injected.GetValueOrDefault("reset-before") + injected.GetValueOrDefault("reset-after"), outcomes.Count(o => o == "reset"));
        Assert.Equal(injected.GetValueOrDefault("500") + injected.GetValueOrDefault("503") + injected.GetValueOrDefault("429"), outcomes.Count(o => o is "500" or "503" or "429"));
    }

    [Fact]
    public async Task Get_UnknownPod_Returns404NotFoundStatus()
    {
        var error = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.ReadNamespacedPodAsync("missing", "default"));

        Assert.Equal(HttpStatusCode.NotFound, error.Response.StatusCode);
        Assert.Equal("NotFound", KubernetesJson.Deserialize<V1Status>(error.Response.Content).Reason);
    }

    [Fact]
    public async Task Upsert_TypedObject_KeepsUnknownFieldsAndBumpsResourceVersion()
    {
        var created = _api.Upsert(new System.Text.Json.Nodes.JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Node",
            ["metadata"] = new System.Text.Json.Nodes.JsonObject { ["name"] = "n1" },
            ["futureField"] = "kept",
        });
        var replaced = _api.Upsert(new V1Node { ApiVersion = "v1", Kind = "Node", Metadata = new V1ObjectMeta { Name = "n1" } });

        Assert.Equal("kept", (string?)created["futureField"]);
        Assert.True(long.Parse((string)replaced["metadata"]!["resourceVersion"]!, System.Globalization.CultureInfo.InvariantCulture)
            > long.Parse((string)created["metadata"]!["resourceVersion"]!, System.Globalization.CultureInfo.InvariantCulture));
    }

    private Task<V1Pod> CreatePodAsync(string name, Dictionary<string, string>? labels = null, string? nodeName = null) =>
        _client.CoreV1.CreateNamespacedPodAsync(
            new V1Pod
            {
                Metadata = new V1ObjectMeta { Name = name, Labels = labels },
                Spec = new V1PodSpec { NodeName = nodeName, Containers = [new V1Container { Name = "c", Image = "busybox" }] },
            },
            "default");

    private static V1Binding Binding(string pod, string node) => new()
    {
        Metadata = new V1ObjectMeta { Name = pod, NamespaceProperty = "default" },
        Target = new V1ObjectReference { ApiVersion = "v1", Kind = "Node", Name = node },
    };

    private async Task<List<(WatchEventType Type, V1Pod Pod)>> CollectAsync(string resourceVersion, int count)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var seen = new List<(WatchEventType, V1Pod)>();
        await foreach (var (type, pod) in _client.CoreV1.WatchListPodForAllNamespacesAsync(resourceVersion: resourceVersion, cancellationToken: cancel.Token))
        {
            seen.Add((type, pod));
            if (seen.Count == count)
            {
                break;
            }
        }

        return seen;
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            await Task.Delay(5, cancel.Token);
        }
    }
}
