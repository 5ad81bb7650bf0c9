using Extender.Kubernetes.CustomResources;
using k8s;
using k8s.Models;

namespace Extender.Kubernetes.Tests.CustomResources;

/// <summary>A CapacityBuffer as users write it (upstream's fields and our <c>spec.headroom</c>) mapped to Core.</summary>
public sealed class CapacityBufferMapperTests
{
    private static CapacityBuffer Read(string json) => KubernetesJson.Deserialize<CapacityBuffer>(json);

    [Fact]
    public void ToSpec_UpstreamAndOwnFields()
    {
        var buffer = Read("""
            {"apiVersion":"autoscaling.x-k8s.io/v1beta1","kind":"CapacityBuffer",
             "metadata":{"name":"web-buffer","namespace":"shop","uid":"u1"},
             "spec":{"scalableRef":{"apiGroup":"apps","kind":"Deployment","name":"web"},"replicas":3,"percentage":20,"limits":{"cpu":"16"},
                     "headroom":{"selector":{"matchLabels":{"app":"web"}},"resources":{"cpu":"8","memory":"16Gi"},"poolPercentage":10,"nodePool":"default",
                                 "schedule":"0 7 * * mon-fri","duration":"12h"}}}
            """);

        var spec = CapacityBufferMapper.ToSpec(buffer);

        Assert.Null(spec.Invalid);
        Assert.Equal(("shop", "web-buffer", "u1"), (spec.Namespace, spec.Name, spec.Uid));
        Assert.Equal((3, 20), (spec.Replicas, spec.Percentage));
        Assert.Equal(16000, spec.Limits!["cpu"]);
        Assert.Equal(8000, spec.Amount!["cpu"]);
        Assert.Equal(16L * 1024 * 1024 * 1024 * 1000, spec.Amount["memory"]);
        Assert.Equal((10, "default"), (spec.PoolPercentage, spec.NodePool));
        Assert.Equal("web", spec.Selector!.MatchLabels["app"]);
        Assert.True(spec.Schedule!.IsActive(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero)));
        Assert.False(spec.Schedule.IsActive(new DateTimeOffset(2026, 6, 1, 20, 0, 0, TimeSpan.Zero)));
    }

    [Theory]
    [InlineData("{\"headroom\":{\"schedule\":\"0 7 * * *\"}}", "spec.headroom.schedule \"0 7 * * *\": duration")]
    [InlineData("{\"headroom\":{\"schedule\":\"tue-mon\",\"duration\":\"1h\"}}", "spec.headroom.schedule \"tue-mon\":")]
    [InlineData("{\"headroom\":{\"poolPercentage\":10}}", "spec.headroom.poolPercentage needs spec.headroom.nodePool")]
    public void ToSpec_UnreadableField_MakesTheBufferInvalidNamingTheField(string spec, string problem)
    {
        var buffer = Read($$"""{"metadata":{"name":"b","namespace":"default"},"spec":{{spec}}}""");

        Assert.StartsWith(problem, CapacityBufferMapper.ToSpec(buffer).Invalid, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_Status_KeepsUpstreamNames()
    {
        var status = new CapacityBufferStatus { Replicas = 2, ReadyReplicas = 1, ProvisioningStrategy = CapacityBuffer.ActiveCapacity, Conditions = [new V1Condition { Type = "Provisioning", Status = "True" }] };

        var json = KubernetesJson.Serialize(status);

        Assert.Contains("\"replicas\":2", json, StringComparison.Ordinal);
        Assert.Contains("\"readyReplicas\":1", json, StringComparison.Ordinal);
        Assert.Contains("\"provisioningStrategy\":\"buffer.x-k8s.io/active-capacity\"", json, StringComparison.Ordinal);
    }
}
