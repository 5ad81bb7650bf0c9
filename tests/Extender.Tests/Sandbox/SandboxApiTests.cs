using System.Text.Json.Nodes;
using Extender.Sandbox.Demo;
using Extender.Sandbox.Kubernetes;
using Extender.Tests.Deployment;

namespace Extender.Tests.Sandbox;

/// <summary>
/// The sandbox API server against what kube-apiserver does for the requests kubectl and controllers send: discovery
/// and OpenAPI, Tables, the four patch types, dry-run, validation with upstream's Status shapes, deletion with
/// finalizers, graceful pods and garbage collection, the two Event APIs, bootstrap RBAC, access reviews and impersonation.
/// </summary>
public sealed class SandboxApiTests : IAsyncLifetime
{
    private const string Pods = "/api/v1/namespaces/default/pods";
    private const string NodePools = "/apis/provisioning.extender.io/v1alpha1/nodepools";

    private SandboxApiServer _api = null!;
    private SandboxApiClient _client = null!;

    public async Task InitializeAsync()
    {
        _api = await SandboxApiServer.StartAsync(new SandboxApiServerOptions { EnforceRbac = true });
        _client = new SandboxApiClient(_api);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _api.DisposeAsync();
    }

    [Fact]
    public async Task Discovery_EveryServedResource_ListedWithVerbsAndItsGroupInApis()
    {
        var (_, groups) = await _client.GetAsync("/apis");
        var (_, core) = await _client.GetAsync("/api/v1");

        var names = groups["groups"]!.AsArray().Select(g => (string?)g!["name"]).ToHashSet();
        foreach (var resource in ApiResources.All.Where(r => r.Group.Length > 0))
        {
            Assert.Contains(resource.Group, names);
            var (code, list) = await _client.GetAsync($"/apis/{resource.Group}/{resource.Version}");
            Assert.Equal(200, code);
            var entry = list["resources"]!.AsArray().Single(r => (string?)r!["name"] == resource.Plural)!;
            Assert.Equal(resource.Verbs, entry["verbs"]!.AsArray().Select(v => (string)v!));
        }

        var pods = core["resources"]!.AsArray().Single(r => (string?)r!["name"] == "pods")!;
        Assert.Equal(["po"], pods["shortNames"]!.AsArray().Select(v => (string)v!));
        Assert.Equal(["all"], pods["categories"]!.AsArray().Select(v => (string)v!));
        Assert.Contains(core["resources"]!.AsArray(), r => (string?)r!["name"] == "pods/status");
    }

    [Fact]
    public async Task OpenApiV3_NodePool_CarriesTheCrdSchemaAndPatchListsFieldValidation()
    {
        var (_, index) = await _client.GetAsync("/openapi/v3");
        var url = (string)index["paths"]!["apis/provisioning.extender.io/v1alpha1"]!["serverRelativeURL"]!;

        var (code, document) = await _client.GetAsync(url);

        Assert.Equal(200, code);
        var schema = document["components"]!["schemas"]!["io.extender.provisioning.v1alpha1.NodePool"]!;
        Assert.Equal("Which nodes may be launched for pending pods.", (string?)schema["properties"]!["spec"]!["description"]);
        Assert.Equal("NodePool", (string?)schema["x-kubernetes-group-version-kind"]![0]!["kind"]);
        var patch = document["paths"]!["/apis/provisioning.extender.io/v1alpha1/nodepools/{name}"]!["patch"]!;
        Assert.Contains(patch["parameters"]!.AsArray(), p => (string?)p!["name"] == "fieldValidation" && (string?)p["in"] == "query");
    }

    [Fact]
    public async Task List_AskedForTable_PodColumnsAsKubeApiserverPrintsThemWithWideOnesAtPriorityOne()
    {
        await _client.PostAsync(Pods, SandboxApiClient.Pod("web-0"));

        var (_, table) = await _client.GetAsync(Pods, SandboxApiClient.Table);

        Assert.Equal("Table", (string?)table["kind"]);
        var columns = table["columnDefinitions"]!.AsArray().Select(c => ((string)c!["name"]!, (int)c["priority"]!)).ToList();
        Assert.Equal([("Name", 0), ("Ready", 0), ("Status", 0), ("Restarts", 0), ("Age", 0), ("IP", 1), ("Node", 1), ("Nominated Node", 1), ("Readiness Gates", 1)], columns);
        var row = Assert.Single(table["rows"]!.AsArray())!;
        Assert.Equal(["web-0", "0/1", "Pending", "0"], row["cells"]!.AsArray().Take(4).Select(c => (string)c!));
        Assert.Equal("PartialObjectMetadata", (string?)row["object"]!["kind"]);
    }

    [Fact]
    public async Task Table_CustomResource_UsesTheCrdsAdditionalPrinterColumns()
    {
        await _client.PostAsync(NodePools, NodePool("general"));

        var (_, table) = await _client.GetAsync(NodePools + "/general", SandboxApiClient.Table);

        var names = table["columnDefinitions"]!.AsArray().Select(c => (string)c!["name"]!).ToList();
        Assert.Equal(["Name", "Weight", "Nodes", "CPU", "Memory", "Ready", "Age"], names);
        var cells = table["rows"]![0]!["cells"]!.AsArray();
        Assert.Equal(("general", 50L), ((string)cells[0]!, (long)cells[1]!));
        Assert.Null(cells[2]);
    }

    [Fact]
    public async Task Patch_ManyAtOnceWithoutPrecondition_NoneLostAndAWatcherSeesEachVersionOnceInOrder()
    {
        // Updates are changed outside the store's lock and committed only if nobody wrote in between (the apiserver's
        // GuaranteedUpdate): concurrent writers must neither overwrite each other nor be seen twice or out of order.
        const int writers = 40;
        var (_, created) = await _client.PostAsync(Pods, SandboxApiClient.Pod("web-0"));
        var from = (string)created["metadata"]!["resourceVersion"]!;
        // Open before the writes: the watcher is fed live, as each write commits.
        using var http = new HttpClient { BaseAddress = _api.Url, Timeout = TimeSpan.FromSeconds(60) };
        using var watch = new HttpRequestMessage(HttpMethod.Get, $"{Pods}?watch=true&resourceVersion={from}&fieldSelector=metadata.name%3Dweb-0");
        watch.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "sandbox");
        using var response = await http.SendAsync(watch, HttpCompletionOption.ResponseHeadersRead);
        using var lines = new StreamReader(await response.Content.ReadAsStreamAsync());

        var codes = await Task.WhenAll(Enumerable.Range(0, writers).Select(i => Task.Run(async () =>
            (await _client.PatchAsync(Pods + "/web-0", new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [$"writer-{i}"] = "done" } } }.ToJsonString(), "application/merge-patch+json")).Code)));

        Assert.All(codes, c => Assert.Equal(200, c));
        var (_, final) = await _client.GetAsync(Pods + "/web-0");
        Assert.Equal(writers, final["metadata"]!["annotations"]!.AsObject().Count);
        var seen = new List<(long Version, int Annotations)>();
        while (seen.Count < writers && await lines.ReadLineAsync() is { } line)
        {
            var obj = JsonNode.Parse(line)!["object"]!;
            seen.Add((long.Parse((string)obj["metadata"]!["resourceVersion"]!, System.Globalization.CultureInfo.InvariantCulture), obj["metadata"]!["annotations"]?.AsObject().Count ?? 0));
        }

        Assert.Equal(Enumerable.Range(1, writers), seen.Select(s => s.Annotations));
        Assert.True(seen.Zip(seen.Skip(1)).All(p => p.First.Version < p.Second.Version), "resourceVersions strictly increase");
    }

    [Fact]
    public async Task Create_InMissingNamespace_Is404AsUpstream()
    {
        var (code, status) = await _client.PostAsync("/api/v1/namespaces/nowhere/pods", SandboxApiClient.Pod("web-0"));

        Assert.Equal((404, "namespaces \"nowhere\" not found"), (code, (string?)status["message"]));
    }

    [Fact]
    public async Task Create_PodWithoutContainers_Is422WithUpstreamMessageAndCause()
    {
        var pod = SandboxApiClient.Pod("web-0");
        pod["spec"] = new JsonObject();

        var (code, status) = await _client.PostAsync(Pods, pod);

        Assert.Equal(422, code);
        Assert.Equal(("Invalid", "Pod \"web-0\" is invalid: spec.containers: Required value"), ((string?)status["reason"], (string?)status["message"]));
        var cause = Assert.Single(status["details"]!["causes"]!.AsArray())!;
        Assert.Equal(("FieldValueRequired", "spec.containers"), ((string?)cause["reason"], (string?)cause["field"]));
    }

    [Fact]
    public async Task Create_BadName_Is422WithTheRfc1123Message()
    {
        var (code, status) = await _client.PostAsync(Pods, SandboxApiClient.Pod("Web_0"));

        Assert.Equal(422, code);
        Assert.StartsWith("Pod \"Web_0\" is invalid: metadata.name: Invalid value: \"Web_0\": a lowercase RFC 1123 subdomain", (string?)status["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_NodePoolAgainstItsSchema_WrongTypeIs422UnknownFieldPrunedOrRefusedWhenStrict()
    {
        var wrong = NodePool("wrong");
        wrong["spec"]!["weight"] = "heavy";
        var unknown = NodePool("unknown");
        unknown["spec"]!["colour"] = "blue";

        var (wrongCode, wrongStatus) = await _client.PostAsync(NodePools, wrong);
        var (strictCode, strictStatus) = await _client.PostAsync(NodePools, (JsonObject)unknown.DeepClone(), "?fieldValidation=Strict");
        var (prunedCode, pruned) = await _client.PostAsync(NodePools, unknown);

        Assert.Equal(422, wrongCode);
        Assert.Contains("spec.weight: Invalid value: \"heavy\": spec.weight in body must be of type integer", (string?)wrongStatus["message"], StringComparison.Ordinal);
        Assert.Equal((400, "strict decoding error: unknown field \"spec.colour\""), (strictCode, (string?)strictStatus["message"]));
        Assert.Equal(201, prunedCode);
        Assert.Null(pruned["spec"]!["colour"]);
    }

    [Fact]
    public async Task Create_EC2NodeClassWithKubeletSettings_KeptAndAnUnsupportedFieldRefusedNamingIt()
    {
        const string NodeClasses = "/apis/provisioning.extender.io/v1alpha1/ec2nodeclasses";
        var withKubelet = EC2NodeClass("tuned");
        withKubelet["spec"]!["kubelet"] = new JsonObject { ["maxPods"] = 20, ["kubeReserved"] = new JsonObject { ["memory"] = "1Gi" } };
        var unsupported = EC2NodeClass("unsupported");
        unsupported["spec"]!["kubelet"] = new JsonObject { ["containerLogMaxSize"] = "10Mi" };

        var (code, stored) = await _client.PostAsync(NodeClasses, withKubelet);
        var (strictCode, status) = await _client.PostAsync(NodeClasses + "?fieldValidation=Strict", unsupported);

        Assert.Equal(201, code);
        Assert.Equal(20, (int?)stored["spec"]!["kubelet"]!["maxPods"]);
        Assert.Equal("1Gi", (string?)stored["spec"]!["kubelet"]!["kubeReserved"]!["memory"]);
        Assert.Equal((400, "strict decoding error: unknown field \"spec.kubelet.containerLogMaxSize\""), (strictCode, (string?)status["message"]));
    }

    [Fact]
    public async Task Update_PodSpecBeyondTheMutableFields_Is422Forbidden()
    {
        await _client.PostAsync(Pods, SandboxApiClient.Pod("web-0"));

        var (imageCode, _) = await _client.PatchAsync(Pods + "/web-0", """{"spec":{"containers":[{"name":"app","image":"example/app:2"}]}}""", "application/strategic-merge-patch+json");
        var (code, status) = await _client.PatchAsync(Pods + "/web-0", """{"spec":{"hostname":"other"}}""", "application/merge-patch+json");

        Assert.Equal(200, imageCode);
        Assert.Equal(422, code);
        Assert.StartsWith("Pod \"web-0\" is invalid: spec: Forbidden: pod updates may not change fields other than", (string?)status["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Patch_EachType_MergesAsUpstream()
    {
        var pod = SandboxApiClient.Pod("web-0");
        pod["spec"]!["containers"]!.AsArray().Add(new JsonObject { ["name"] = "sidecar", ["image"] = "example/sidecar:1" });
        await _client.PostAsync(Pods, pod);

        // Strategic: containers merge by name, so the sidecar stays.
        var (_, strategic) = await _client.PatchAsync(Pods + "/web-0", """{"metadata":{"labels":{"a":"1"}},"spec":{"containers":[{"name":"app","image":"example/app:2"}]}}""", "application/strategic-merge-patch+json");

        // JSON patch (RFC 6902), with a test that holds and then one that fails.
        var (jsonCode, json) = await _client.PatchAsync(Pods + "/web-0", """[{"op":"test","path":"/metadata/labels/a","value":"1"},{"op":"add","path":"/metadata/labels/b","value":"2"}]""", "application/json-patch+json");
        var (failedCode, _) = await _client.PatchAsync(Pods + "/web-0", """[{"op":"test","path":"/metadata/labels/a","value":"9"}]""", "application/json-patch+json");

        // Merge patch on a custom resource; strategic merge is refused for one, as upstream.
        await _client.PostAsync(NodePools, NodePool("general"));
        var (mergeCode, merged) = await _client.PatchAsync(NodePools + "/general", """{"spec":{"weight":70}}""", "application/merge-patch+json");
        var (smpCode, _) = await _client.PatchAsync(NodePools + "/general", """{"spec":{"weight":80}}""", "application/strategic-merge-patch+json");

        Assert.Equal(["example/app:2", "example/sidecar:1"], strategic["spec"]!["containers"]!.AsArray().Select(c => (string)c!["image"]!));
        Assert.Equal((200, "2"), (jsonCode, (string?)json["metadata"]!["labels"]!["b"]));
        Assert.Equal(422, failedCode);
        Assert.Equal((200, 70L), (mergeCode, (long)merged["spec"]!["weight"]!));
        Assert.Equal(415, smpCode);
    }

    [Fact]
    public async Task DryRunAll_EveryMutatingVerb_AnswersButStoresNothing()
    {
        await _client.PostAsync(NodePools, NodePool("general"));
        var before = _api.ResourceVersion;

        var (createCode, _) = await _client.PostAsync(NodePools, NodePool("other"), "?dryRun=All");
        var (patchCode, patched) = await _client.SendAsync(HttpMethod.Patch, NodePools + "/general?dryRun=All", """{"spec":{"weight":1}}""", "application/merge-patch+json");
        var (applyCode, _) = await _client.SendAsync(HttpMethod.Patch, NodePools + "/general?dryRun=All&fieldManager=t", """{"apiVersion":"provisioning.extender.io/v1alpha1","kind":"NodePool","spec":{"weight":2}}""", "application/apply-patch+yaml");
        var (deleteCode, _) = await _client.SendAsync(HttpMethod.Delete, NodePools + "/general?dryRun=All");
        var (_, stored) = await _client.GetAsync(NodePools + "/general");

        Assert.Equal((201, 200, 200, 200), (createCode, patchCode, applyCode, deleteCode));
        Assert.Equal(1L, (long)patched["spec"]!["weight"]!);
        Assert.Equal(50L, (long)stored["spec"]!["weight"]!);
        Assert.Equal(before, _api.ResourceVersion);
        Assert.Equal(404, (await _client.GetAsync(NodePools + "/other")).Code);
    }

    [Fact]
    public async Task ServerSideApply_Twice_SecondDropsWhatItNoLongerSetsAndRecordsTheManager()
    {
        const string Path = "/api/v1/namespaces/default/configmaps/settings?fieldManager=kubectl";
        var first = """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"settings","labels":{"a":"1","b":"2"}},"data":{"x":"1","y":"2"}}""";
        var second = """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"settings","labels":{"a":"1"}},"data":{"x":"3"}}""";

        var (createCode, _) = await _client.SendAsync(HttpMethod.Patch, Path, first, "application/apply-patch+yaml");
        var (sameCode, same) = await _client.SendAsync(HttpMethod.Patch, Path, first, "application/apply-patch+yaml");
        var (_, applied) = await _client.SendAsync(HttpMethod.Patch, Path, second, "application/apply-patch+yaml");

        Assert.Equal((201, 200), (createCode, sameCode));
        Assert.Equal("2", (string?)same["data"]!["y"]);
        Assert.Equal("""{"x":"3"}""", applied["data"]!.ToJsonString());
        Assert.Equal("""{"a":"1"}""", applied["metadata"]!["labels"]!.ToJsonString());
        var manager = Assert.Single(applied["metadata"]!["managedFields"]!.AsArray())!;
        Assert.Equal(("kubectl", "Apply"), ((string?)manager["manager"], (string?)manager["operation"]));
    }

    [Fact]
    public async Task Delete_WithFinalizer_OnlyMarksUntilAnUpdateEmptiesThem()
    {
        var pool = NodePool("general");
        pool["metadata"]!["finalizers"] = new JsonArray("provisioning.extender.io/termination");
        await _client.PostAsync(NodePools, pool);

        var (_, marked) = await _client.DeleteAsync(NodePools + "/general");
        var stillThere = (await _client.GetAsync(NodePools + "/general")).Code;
        await _client.PatchAsync(NodePools + "/general", """{"metadata":{"finalizers":null}}""", "application/merge-patch+json");

        Assert.NotNull(marked["metadata"]!["deletionTimestamp"]);
        Assert.Equal(200, stillThere);
        Assert.Equal(404, (await _client.GetAsync(NodePools + "/general")).Code);
    }

    [Fact]
    public async Task Delete_BoundPod_IsGracefulUntilTheKubeletsGraceZeroDelete_UnboundGoesAtOnce()
    {
        var bound = SandboxApiClient.Pod("bound", node: "n1");
        bound["spec"]!["terminationGracePeriodSeconds"] = 45;
        await _client.PostAsync(Pods, bound);
        await _client.PostAsync(Pods, SandboxApiClient.Pod("unbound"));

        var (_, terminating) = await _client.DeleteAsync(Pods + "/bound");
        var (_, table) = await _client.GetAsync(Pods + "/bound", SandboxApiClient.Table);
        await _client.DeleteAsync(Pods + "/bound", new JsonObject { ["gracePeriodSeconds"] = 0 });
        await _client.DeleteAsync(Pods + "/unbound");

        Assert.Equal(45L, (long)terminating["metadata"]!["deletionGracePeriodSeconds"]!);
        Assert.Equal("Terminating", (string?)table["rows"]![0]!["cells"]![2]);
        Assert.Equal(404, (await _client.GetAsync(Pods + "/bound")).Code);
        Assert.Equal(404, (await _client.GetAsync(Pods + "/unbound")).Code);
    }

    [Theory]
    [InlineData("Background", false, false)]
    [InlineData("Orphan", true, false)]
    [InlineData("Foreground", false, true)]
    public async Task Delete_Owner_DependentsFollowThePropagationPolicy(string policy, bool dependentKept, bool ownerWaitsForFinalizedDependent)
    {
        var (_, owner) = await _client.PostAsync("/api/v1/namespaces/default/configmaps", ConfigMap("owner", null));
        var uid = (string)owner["metadata"]!["uid"]!;
        await _client.PostAsync("/api/v1/namespaces/default/configmaps", ConfigMap("plain", uid));
        var held = ConfigMap("held", uid);
        held["metadata"]!["finalizers"] = new JsonArray("example.com/hold");
        await _client.PostAsync("/api/v1/namespaces/default/configmaps", held);

        await _client.DeleteAsync("/api/v1/namespaces/default/configmaps/owner", new JsonObject { ["propagationPolicy"] = policy });
        var ownerAfter = (await _client.GetAsync("/api/v1/namespaces/default/configmaps/owner")).Code;
        var (plainCode, plain) = await _client.GetAsync("/api/v1/namespaces/default/configmaps/plain");
        await _client.PatchAsync("/api/v1/namespaces/default/configmaps/held", """{"metadata":{"finalizers":null}}""", "application/merge-patch+json");

        Assert.Equal(dependentKept ? 200 : 404, plainCode);
        if (dependentKept)
        {
            Assert.Null(plain["metadata"]!["ownerReferences"]);
        }

        Assert.Equal(ownerWaitsForFinalizedDependent ? 200 : 404, ownerAfter);
        Assert.Equal(404, (await _client.GetAsync("/api/v1/namespaces/default/configmaps/owner")).Code);
    }

    [Fact]
    public async Task Create_DependentOfAnOwnerBeingDeletedInTheForeground_IsCollectedAndTheOwnerGoes()
    {
        var (_, owner) = await _client.PostAsync("/api/v1/namespaces/default/configmaps", ConfigMap("owner", null));
        var uid = (string)owner["metadata"]!["uid"]!;
        var held = ConfigMap("held", uid);
        held["metadata"]!["finalizers"] = new JsonArray("example.com/hold");
        await _client.PostAsync("/api/v1/namespaces/default/configmaps", held);
        await _client.DeleteAsync("/api/v1/namespaces/default/configmaps/owner", new JsonObject { ["propagationPolicy"] = "Foreground" });

        // A controller on a stale informer creates another dependent while the owner waits for "held".
        var (lateCode, _) = await _client.PostAsync("/api/v1/namespaces/default/configmaps", ConfigMap("late", uid));
        var lateAfter = (await _client.GetAsync("/api/v1/namespaces/default/configmaps/late")).Code;
        await _client.PatchAsync("/api/v1/namespaces/default/configmaps/held", """{"metadata":{"finalizers":null}}""", "application/merge-patch+json");

        Assert.Equal(201, lateCode);
        Assert.Equal(404, lateAfter);
        Assert.Equal(404, (await _client.GetAsync("/api/v1/namespaces/default/configmaps/owner")).Code);
    }

    [Theory]
    [InlineData(true, 200)]
    [InlineData(false, 404)]
    public async Task Create_Dependent_StaysOnlyWhileAnOwnerLives(bool ownerLives, int expected)
    {
        var (_, owner) = await _client.PostAsync("/api/v1/namespaces/default/configmaps", ConfigMap("owner", null));
        var uid = (string)owner["metadata"]!["uid"]!;
        if (!ownerLives)
        {
            await _client.DeleteAsync("/api/v1/namespaces/default/configmaps/owner");
        }

        await _client.PostAsync("/api/v1/namespaces/default/configmaps", ConfigMap("dependent", uid));

        Assert.Equal(expected, (await _client.GetAsync("/api/v1/namespaces/default/configmaps/dependent")).Code);
    }

    [Fact]
    public async Task Events_RecordedThroughEventsK8sIo_ListAsCoreEventsOfTheObject()
    {
        var recorded = new JsonObject
        {
            ["apiVersion"] = "events.k8s.io/v1",
            ["kind"] = "Event",
            ["metadata"] = new JsonObject { ["name"] = "web-0.1" },
            ["eventTime"] = "2026-01-01T00:00:00.000000Z",
            ["reason"] = "CapacityReserved",
            ["note"] = "NodeClaim c1 holds capacity for this pod",
            ["type"] = "Normal",
            ["action"] = "Reserve",
            ["reportingController"] = "provisioning.extender.io/extender",
            ["reportingInstance"] = "i1",
            ["regarding"] = new JsonObject { ["kind"] = "Pod", ["namespace"] = "default", ["name"] = "web-0", ["apiVersion"] = "v1" },
        };
        await _client.PostAsync("/apis/events.k8s.io/v1/namespaces/default/events", recorded);

        var (_, core) = await _client.GetAsync("/api/v1/namespaces/default/events?fieldSelector=involvedObject.name%3Dweb-0,involvedObject.kind%3DPod");
        var (_, viewed) = await _client.GetAsync("/apis/events.k8s.io/v1/namespaces/default/events/web-0.1");

        var coreEvent = Assert.Single(core["items"]!.AsArray())!;
        Assert.Equal(("v1", "NodeClaim c1 holds capacity for this pod", "provisioning.extender.io/extender"), ((string?)coreEvent["apiVersion"], (string?)coreEvent["message"], (string?)coreEvent["reportingComponent"]));
        Assert.Equal(("events.k8s.io/v1", "web-0"), ((string?)viewed["apiVersion"], (string?)viewed["regarding"]!["name"]));
    }

    [Fact]
    public async Task Rbac_BootstrapPolicyReviewsAndImpersonation_AsAClusterHasThem()
    {
        var serviceAccount = new Dictionary<string, string> { ["Impersonate-User"] = "system:serviceaccount:ec2-capacity-system:ec2-capacity-extender" };
        var review = """{"apiVersion":"authorization.k8s.io/v1","kind":"SelfSubjectAccessReview","spec":{"resourceAttributes":{"verb":"create","resource":"selfsubjectaccessreviews","group":"authorization.k8s.io"}}}""";
        var listPods = """{"apiVersion":"authorization.k8s.io/v1","kind":"SubjectAccessReview","spec":{"user":"system:kube-scheduler","resourceAttributes":{"verb":"list","resource":"pods"}}}""";

        var (_, roles) = await _client.GetAsync("/apis/rbac.authorization.k8s.io/v1/clusterroles?labelSelector=kubernetes.io%2Fbootstrapping%3Drbac-defaults");
        var (_, self) = await _client.SendAsync(HttpMethod.Post, "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", review, headers: serviceAccount);
        var (_, scheduler) = await _client.SendAsync(HttpMethod.Post, "/apis/authorization.k8s.io/v1/subjectaccessreviews", listPods);
        var (forbiddenCode, forbidden) = await _client.SendAsync(HttpMethod.Get, Pods, headers: serviceAccount);

        var names = roles["items"]!.AsArray().Select(r => (string)r!["metadata"]!["name"]!).ToList();
        Assert.Superset(new HashSet<string> { "cluster-admin", "admin", "edit", "view", "system:kube-scheduler" }, names.ToHashSet());
        Assert.True((bool)self["status"]!["allowed"]!);
        Assert.True((bool)scheduler["status"]!["allowed"]!);
        Assert.Equal(403, forbiddenCode);
        Assert.Equal("pods is forbidden: User \"system:serviceaccount:ec2-capacity-system:ec2-capacity-extender\" cannot list resource \"pods\" in API group \"\" in the namespace \"default\"", (string?)forbidden["message"]);
    }

    [Fact]
    public async Task Scale_Deployment_ReadsAndWritesSpecReplicas()
    {
        await _client.PostAsync("/apis/apps/v1/namespaces/default/deployments", new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "api" },
            ["spec"] = new JsonObject { ["replicas"] = 2, ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "api" } } },
        });

        var (_, scale) = await _client.GetAsync("/apis/apps/v1/namespaces/default/deployments/api/scale");
        await _client.PatchAsync("/apis/apps/v1/namespaces/default/deployments/api/scale", """{"spec":{"replicas":5}}""", "application/merge-patch+json");
        var (_, deployment) = await _client.GetAsync("/apis/apps/v1/namespaces/default/deployments/api");

        Assert.Equal(("Scale", 2L, "app=api"), ((string?)scale["kind"], (long)scale["spec"]!["replicas"]!, (string?)scale["status"]!["selector"]));
        Assert.Equal(5L, (long)deployment["spec"]!["replicas"]!);
    }

    [Fact]
    public async Task DeleteCollection_WithLabelSelector_RemovesOnlyTheSelected()
    {
        await _client.PostAsync(Pods, SandboxApiClient.Pod("a", metadata: new JsonObject { ["labels"] = new JsonObject { ["app"] = "web" } }));
        await _client.PostAsync(Pods, SandboxApiClient.Pod("b", metadata: new JsonObject { ["labels"] = new JsonObject { ["app"] = "db" } }));

        var (code, _) = await _client.SendAsync(HttpMethod.Delete, Pods + "?labelSelector=app%3Dweb");
        var (_, left) = await _client.GetAsync(Pods);

        Assert.Equal(200, code);
        Assert.Equal(["b"], left["items"]!.AsArray().Select(p => (string)p!["metadata"]!["name"]!));
    }

    private static JsonObject NodePool(string name)
    {
        var pool = (JsonObject)YamlJson.Parse(File.ReadAllText(RepositoryRoot.Combine("manifests", "examples", "nodepool-general.yaml")))!;
        pool["metadata"]!["name"] = name;
        return pool;
    }

    private static JsonObject EC2NodeClass(string name)
    {
        var nodeClass = (JsonObject)YamlJson.Parse(File.ReadAllText(RepositoryRoot.Combine("manifests", "examples", "ec2nodeclass.yaml")))!;
        nodeClass["metadata"]!["name"] = name;
        return nodeClass;
    }

    private static JsonObject ConfigMap(string name, string? ownerUid)
    {
        var metadata = new JsonObject { ["name"] = name };
        if (ownerUid is not null)
        {
            metadata["ownerReferences"] = new JsonArray(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["name"] = "owner", ["uid"] = ownerUid });
        }

        return new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["metadata"] = metadata, ["data"] = new JsonObject { ["k"] = "v" } };
    }
}
