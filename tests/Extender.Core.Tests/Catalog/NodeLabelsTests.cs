using Extender.Core.Catalog;

namespace Extender.Core.Tests.Catalog;

public sealed class NodeLabelsTests
{
    private static readonly InstanceType M5Large = DefaultCatalog.Load().Find("m5.large")!;

    [Theory]
    [InlineData(WellKnownLabels.InstanceType, "m5.large")]
    [InlineData("beta.kubernetes.io/instance-type", "m5.large")]
    [InlineData(WellKnownLabels.Arch, "amd64")]
    [InlineData("beta.kubernetes.io/arch", "amd64")]
    [InlineData(WellKnownLabels.Os, "linux")]
    [InlineData("beta.kubernetes.io/os", "linux")]
    [InlineData(WellKnownLabels.Zone, "us-east-1b")]
    [InlineData("failure-domain.beta.kubernetes.io/zone", "us-east-1b")]
    [InlineData(WellKnownLabels.Region, "us-east-1")]
    [InlineData("failure-domain.beta.kubernetes.io/region", "us-east-1")]
    [InlineData(WellKnownLabels.CapacityType, "spot")]
    [InlineData("karpenter.sh/capacity-type", "spot")]
    [InlineData(WellKnownLabels.InstanceFamily, "m5")]
    [InlineData("karpenter.k8s.aws/instance-family", "m5")]
    [InlineData("karpenter.k8s.aws/instance-category", "m")]
    [InlineData("karpenter.k8s.aws/instance-generation", "5")]
    [InlineData("karpenter.k8s.aws/instance-size", "large")]
    [InlineData("karpenter.k8s.aws/instance-cpu", "2")]
    [InlineData("karpenter.k8s.aws/instance-memory", "8192")]
    [InlineData("karpenter.k8s.aws/instance-hypervisor", "nitro")]
    [InlineData(WellKnownLabels.NodePool, "web")]
    [InlineData("team", "a")]
    public void ForLaunch_EverySpellingOfEachFact_Carried(string key, string value)
    {
        var labels = NodeLabels.ForLaunch(M5Large, "us-east-1b", CapacityTypes.Spot, Claim());

        Assert.Equal(value, labels.GetValueOrDefault(key));
    }

    [Theory]
    [InlineData("karpenter.sh/nodepool")]
    [InlineData("karpenter.sh/registered")]
    [InlineData("karpenter.sh/initialized")]
    public void ForLaunch_LabelsKarpenterRecognisesItsNodesBy_NotCarried(string key)
    {
        var labels = NodeLabels.ForLaunch(M5Large, "us-east-1b", CapacityTypes.Spot, Claim());

        Assert.DoesNotContain(key, labels.Keys);
    }

    [Fact]
    public void ForLaunch_ClaimLabelInKarpenterSpelling_CarriedInBoth()
    {
        var labels = NodeLabels.ForLaunch(M5Large, "us-east-1b", CapacityTypes.Spot, new Dictionary<string, string> { ["karpenter.k8s.aws/instance-local-nvme"] = "0" });

        Assert.Equal("0", labels["karpenter.k8s.aws/instance-local-nvme"]);
        Assert.Equal("0", labels["provisioning.extender.io/instance-local-nvme"]);
    }

    private static Dictionary<string, string> Claim() => new() { [WellKnownLabels.NodePool] = "web", ["team"] = "a" };
}
