using Extender.Sandbox.Controllers;
using k8s.Models;

namespace Extender.Tests.Sandbox.Controllers;

/// <summary>Upstream's TestNewRSNewReplicas and reconcileOldReplicaSets tables (pkg/controller/deployment).</summary>
public sealed class RollingUpdateTests
{
    [Theory]
    [InlineData(1, 5, 1, 5)] // cannot scale up: 5 pods already exceed 1 + 1
    [InlineData(6, 2, 10, 6)] // scale up to the deployment's replicas
    public void NewReplicas_GrowsWithinReplicasPlusSurge(int deploymentReplicas, int newRSReplicas, int maxSurge, int expected)
    {
        // Upstream's fixture: the other ReplicaSets hold five replicas in all.
        Assert.Equal(expected, RollingUpdate.NewReplicas(deploymentReplicas, maxSurge, allReplicas: 5, newRSReplicas));
    }

    [Theory]
    [InlineData(10, 0, 10, 0, 10, 0, false, 10)]
    [InlineData(10, 2, 10, 0, 10, 0, true, 8)]
    [InlineData(10, 2, 10, 0, 8, 0, true, 8)] // the old set's unhealthy replicas are cleaned up first
    [InlineData(10, 2, 10, 0, 9, 0, true, 8)] // one unhealthy cleaned up, one ready scaled down
    [InlineData(10, 2, 8, 2, 8, 0, false, 8)] // the new set's unavailable pods stop a further step
    public void ScaleDownOld_KeepsAvailabilityAboveReplicasMinusMaxUnavailable(
        int deploymentReplicas, int maxUnavailable, int oldReplicas, int newReplicas, int readyOld, int readyNew, bool scaleExpected, int expectedOld)
    {
        var result = RollingUpdate.ScaleDownOld(deploymentReplicas, maxUnavailable, new ReplicaCount("new", newReplicas, readyNew), [new ReplicaCount("old", oldReplicas, readyOld)]);

        var old = Assert.Single(result);
        Assert.Equal(scaleExpected, old.Replicas != oldReplicas);
        Assert.Equal(expectedOld, old.Replicas);
    }

    [Theory]
    [InlineData(null, null, 10, 3, 2)] // 25% each: surge rounds up, unavailable down
    [InlineData("0", "0", 10, 0, 1)] // both zero: one unavailable, or the rollout could never move
    [InlineData("1", "50%", 5, 1, 2)]
    public void Fenceposts_ResolveAgainstReplicas(string? maxSurge, string? maxUnavailable, int replicas, int expectedSurge, int expectedUnavailable)
    {
        var strategy = new V1RollingUpdateDeployment
        {
            MaxSurge = maxSurge is null ? null : (IntOrString)maxSurge,
            MaxUnavailable = maxUnavailable is null ? null : (IntOrString)maxUnavailable,
        };

        Assert.Equal((expectedSurge, expectedUnavailable), RollingUpdate.Fenceposts(strategy, replicas));
    }

    [Fact]
    public void PodTemplateHash_UsesTheSafeAlphabetAndChangesWithTheTemplateOrCollisionCount()
    {
        var template = new V1PodTemplateSpec { Spec = new V1PodSpec { Containers = [new V1Container { Name = "app", Image = "nginx:1.27" }] } };
        var changed = new V1PodTemplateSpec { Spec = new V1PodSpec { Containers = [new V1Container { Name = "app", Image = "nginx:1.28" }] } };

        var hash = PodTemplateHash.Compute(template, null);
        Assert.Matches("^[bcdfghjklmnpqrstvwxz2456789]+$", hash);
        Assert.Equal(hash, PodTemplateHash.Compute(template, null));
        Assert.NotEqual(hash, PodTemplateHash.Compute(changed, null));
        Assert.NotEqual(hash, PodTemplateHash.Compute(template, 1));
        Assert.Equal("567", PodTemplateHash.SafeEncode("123"));
    }
}
