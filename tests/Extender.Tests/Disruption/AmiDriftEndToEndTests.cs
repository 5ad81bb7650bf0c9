using System.Diagnostics;
using Extender.Tests.EndToEnd;
using k8s;
using k8s.Models;
using Xunit.Abstractions;
using static Extender.Tests.Disruption.DisruptionSandbox;

namespace Extender.Tests.Disruption;

/// <summary>
/// A new AMI release through the whole demo stack: a newer image appears in EC2, the EC2NodeClass status takes it (a
/// change of its AMI selector terms, which its hash ignores, makes the status controller resolve at once), and the
/// nodes running the old image are AMIDrift and replaced by nodes on the new one. What the instances run with comes
/// from DescribeInstances, read once per <c>Disruption:InstanceRefresh</c> (1 min, as shipped), which bounds the wait.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class AmiDriftEndToEndTests(ITestOutputHelper output)
{
    private const string NewImage = "ami-0sandbox01amd64";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(150);

    [Fact]
    public async Task NewerImagePublished_NodesOnTheOldImageReplacedAsAmiDrift()
    {
        await using var run = await EndToEndRun.StartAsync(OnePodPerNodeScenario("{consolidationPolicy: WhenEmpty, consolidateAfter: 30s, budgets: [{nodes: \"100%\"}]}"));
        var client = run.Environment.Client;
        await client.AppsV1.CreateNamespacedDeploymentAsync(DisruptionSandbox.Deployment("web", 2, terminationGracePeriodSeconds: 1), "default");
        await UntilAsync(() => RunningPods(run, "web").Count() == 2, "2 running pods", Patience);
        var oldImage = run.Instances.First(i => i.State == "running").ImageId;

        var clock = Stopwatch.StartNew();
        run.Environment.Ec2.PublishImage(NewImage, "al2023-ami-sandbox-x86_64-next", "x86_64", DateTimeOffset.UtcNow);
        await client.CustomObjects.PatchClusterCustomObjectAsync(
            new V1Patch(new { spec = new { amiSelectorTerms = new object[] { new { tags = new Dictionary<string, string> { ["provisioning.extender.io/discovery"] = "sandbox" } }, new { name = "al2023-ami-sandbox-*" } } } }, V1Patch.PatchType.MergePatch),
            "provisioning.extender.io", "v1alpha1", "ec2nodeclasses", "default");
        await UntilAsync(
            () => run.Instances.Where(i => i.State == "running").ToList() is { Count: 2 } running && running.All(i => i.ImageId == NewImage) && RunningPods(run, "web").Count() == 2,
            "both nodes on the new image with their pods running",
            Patience);
        output.WriteLine($"both nodes replaced onto {NewImage} (from {oldImage}) {clock.Elapsed.TotalSeconds:F1} s after it was published");

        Assert.Equal("ami-0sandbox00amd64", oldImage);
        Assert.Contains(Events(run), e => (string?)e["reason"] == "Disrupting" && ((string?)e["note"] ?? "").Contains("AMIDrift", StringComparison.Ordinal));
        Assert.DoesNotContain(Events(run), e => (string?)e["reason"] == "Disrupting" && ((string?)e["note"] ?? "").Contains("NodeClassDrift", StringComparison.Ordinal));
        Assert.Equal(0, SidecarPodDeletes(run));
    }
}
