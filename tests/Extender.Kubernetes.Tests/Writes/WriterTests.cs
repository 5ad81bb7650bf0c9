using Extender.Core.Cluster;
using Extender.Kubernetes.CustomResources;
using Extender.Kubernetes.Tests.Sandbox;
using Extender.Kubernetes.Writes;
using k8s;
using k8s.Models;

namespace Extender.Kubernetes.Tests.Writes;

public sealed class WriterTests : SandboxApiTest
{
    [Fact]
    public async Task NodeClaimWriter_CreateUpdateAndStatus_RoundTripsEveryField()
    {
        var writer = new NodeClaimWriter(Client, TimeProvider.System);
        await writer.CreateAsync(
            new NodeClaim
            {
                Metadata = new V1ObjectMeta { Name = "claim-1" },
                Spec = new NodeClaimSpec
                {
                    NodePool = "default",
                    NodeClassRef = new NodeClaimNodeClassReference { Name = "default" },
                    InstanceTypeOptions = ["m7i.large"],
                    Requirements = [new NodeClaimRequirement { Key = "kubernetes.io/arch", Operator = "In", Values = ["amd64"] }],
                    ReservedFor = [new NodeClaimReservation { Namespace = "default", Name = "web-0", Uid = "u1" }],
                },
            },
            CancellationToken.None);

        await writer.UpdateAsync("claim-1", c => c.Spec.InstanceTypeOptions.Add("m6i.large"), CancellationToken.None);
        await writer.UpdateStatusAsync("claim-1", s => s.ProviderID = "aws:///us-east-1a/i-1", CancellationToken.None);
        await writer.PatchStatusAsync("claim-1", new { status = new { nodeName = "ip-10-0-0-1" } }, CancellationToken.None);
        var read = await Client.CustomObjects.GetClusterCustomObjectAsync<NodeClaim>(CustomResourceGroup.Group, CustomResourceGroup.Version, NodeClaim.Plural, "claim-1");

        Assert.Equal(["m7i.large", "m6i.large"], read.Spec.InstanceTypeOptions);
        Assert.Equal("web-0", read.Spec.ReservedFor![0].Name);
        Assert.Equal("aws:///us-east-1a/i-1", read.Status!.ProviderID);
        Assert.Equal("ip-10-0-0-1", read.Status.NodeName);
        Assert.True(await writer.DeleteAsync("claim-1", CancellationToken.None));
        Assert.False(await writer.DeleteAsync("claim-1", CancellationToken.None));
    }

    [Fact]
    public async Task NodeClaimWriter_DryRunCreate_IsAnsweredButNothingIsStored()
    {
        var writer = new NodeClaimWriter(Client, TimeProvider.System);
        var claim = new NodeClaim
        {
            Metadata = new V1ObjectMeta { Name = "warm-up" },
            Spec = new NodeClaimSpec { NodePool = "default", NodeClassRef = new NodeClaimNodeClassReference { Name = "default" } },
        };

        await writer.DryRunCreateAsync(claim, CancellationToken.None);
        await writer.DryRunCreateAsync(claim, CancellationToken.None);
        var list = await Client.CustomObjects.ListClusterCustomObjectAsync<CustomResourceList<NodeClaim>>(CustomResourceGroup.Group, CustomResourceGroup.Version, NodeClaim.Plural);

        Assert.Empty(list.Items);
        Assert.Equal("warm-up", (await writer.CreateAsync(claim, CancellationToken.None)).Metadata.Name);
    }

    [Fact]
    public async Task NodeClaimWriter_ConcurrentWriterInBetween_RetriesOnFreshStateAndKeepsBoth()
    {
        var writer = new NodeClaimWriter(Client, TimeProvider.System);
        await writer.CreateAsync(new NodeClaim { Metadata = new V1ObjectMeta { Name = "c" }, Spec = new NodeClaimSpec { NodePool = "p", NodeClassRef = new NodeClaimNodeClassReference { Name = "default" } } }, CancellationToken.None);
        var interfered = false;

        await writer.UpdateAsync(
            "c",
            claim =>
            {
                if (!interfered)
                {
                    interfered = true;
                    var other = Api.List(CustomResourceGroup.ApiVersion, NodeClaim.KindName).Single();
                    other["metadata"]!["labels"] = new System.Text.Json.Nodes.JsonObject { ["other"] = "writer" };
                    Api.Upsert(other);
                }

                claim.Metadata.Labels ??= new Dictionary<string, string>();
                claim.Metadata.Labels["mine"] = "yes";
            },
            CancellationToken.None);

        var read = await Client.CustomObjects.GetClusterCustomObjectAsync<NodeClaim>(CustomResourceGroup.Group, CustomResourceGroup.Version, NodeClaim.Plural, "c");
        Assert.Equal("writer", read.Metadata.Labels["other"]);
        Assert.Equal("yes", read.Metadata.Labels["mine"]);
    }

    [Fact]
    public async Task PodBinder_BindTwice_SecondIsAConflictNamingTheNode()
    {
        var pod = await Client.CoreV1.CreateNamespacedPodAsync(new V1Pod { Metadata = new V1ObjectMeta { Name = "p" }, Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "busybox" }] } }, "default");
        var binder = new PodBinder(Client);

        Assert.Null(await binder.BindAsync("default", "p", pod.Metadata.Uid, "n1", CancellationToken.None));
        Assert.Contains("already assigned to node \"n1\"", await binder.BindAsync("default", "p", pod.Metadata.Uid, "n2", CancellationToken.None), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PodBinder_UidOfAnotherPod_RefusedAndThePodStaysUnbound()
    {
        await Client.CoreV1.CreateNamespacedPodAsync(new V1Pod { Metadata = new V1ObjectMeta { Name = "p" }, Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "busybox" }] } }, "default");
        var binder = new PodBinder(Client);

        Assert.Contains("Precondition failed: UID", await binder.BindAsync("default", "p", "uid-of-a-deleted-pod", "n1", CancellationToken.None), StringComparison.Ordinal);
        Assert.Null((await Client.CoreV1.ReadNamespacedPodAsync("p", "default")).Spec.NodeName);
    }

    [Fact]
    public async Task NodeWriter_LabelsAndTaints_ChangeOnlyWhatWasAsked()
    {
        await Client.CoreV1.CreateNodeAsync(new V1Node
        {
            Metadata = new V1ObjectMeta { Name = "n1", Labels = new Dictionary<string, string> { ["keep"] = "1", ["drop"] = "1" } },
            Spec = new V1NodeSpec { Taints = [new V1Taint { Key = "startup", Effect = "NoSchedule" }, new V1Taint { Key = "other", Value = "x", Effect = "NoExecute" }] },
        });
        var writer = new NodeWriter(Client, TimeProvider.System);

        await writer.PatchLabelsAsync("n1", new Dictionary<string, string?> { ["drop"] = null, ["new"] = "2" }, CancellationToken.None);
        await writer.UpdateTaintsAsync("n1", taints => [.. taints.Where(t => t.Key != "startup")], CancellationToken.None);

        var node = await Client.CoreV1.ReadNodeAsync("n1");
        Assert.Equal(new Dictionary<string, string> { ["keep"] = "1", ["new"] = "2" }, node.Metadata.Labels);
        Assert.Equal([new Taint("other", "x", "NoExecute")], node.Spec.Taints.Select(t => new Taint(t.Key, t.Value, t.Effect)));
    }
}
