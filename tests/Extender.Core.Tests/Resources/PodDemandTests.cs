using Extender.Core.Resources;

namespace Extender.Core.Tests.Resources;

public sealed class PodDemandTests
{
    public static TheoryData<string, PodResources, string> Cases => new()
    {
        {
            "app containers are summed, one pods slot added",
            new([C("a", "cpu=500m", "memory=1Gi"), C("b", "cpu=250m", "memory=512Mi")], [], ResourceList.Empty, null),
            "cpu=750m memory=1536Mi pods=1"
        },
        {
            "an init container larger than the app phase wins",
            new([C("app", "cpu=1")], [C("migrate", "cpu=2", "memory=1Gi")], ResourceList.Empty, null),
            "cpu=2 memory=1Gi pods=1"
        },
        {
            "sidecars run beside the app containers",
            new([C("app", "cpu=1")], [C("proxy", "cpu=500m").AsSidecar()], ResourceList.Empty, null),
            "cpu=1500m pods=1"
        },
        {
            "an init container after a sidecar runs beside it",
            new([C("app", "cpu=100m")], [C("proxy", "cpu=500m").AsSidecar(), C("init", "cpu=2")], ResourceList.Empty, null),
            "cpu=2500m pods=1"
        },
        {
            "an init container before a sidecar does not run beside it",
            new([C("app", "cpu=100m")], [C("init", "cpu=2"), C("proxy", "cpu=500m").AsSidecar()], ResourceList.Empty, null),
            "cpu=2 pods=1"
        },
        {
            "overhead is added on top",
            new([C("app", "cpu=1", "memory=1Gi")], [], ResourceList.Parse(Q("cpu=250m", "memory=120Mi")), null),
            "cpu=1250m memory=1144Mi pods=1"
        },
        {
            "pod-level requests replace cpu and memory but not extended resources",
            new([C("app", "cpu=1", "memory=1Gi", "nvidia.com/gpu=1")], [], ResourceList.Empty, ResourceList.Parse(Q("cpu=3", "memory=8Gi"))),
            "cpu=3 memory=8Gi nvidia.com/gpu=1 pods=1"
        },
        {
            "extended resources and hugepages are kept",
            new([C("app", "hugepages-2Mi=64Mi", "vpc.amazonaws.com/pod-eni=1")], [], ResourceList.Empty, null),
            "hugepages-2Mi=64Mi pods=1 vpc.amazonaws.com/pod-eni=1"
        },
        {
            "a pod with no requests still takes a pods slot",
            new([C("app")], [], ResourceList.Empty, null),
            "pods=1"
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Compute_PodShape_MatchesKubeScheduler(string scenario, PodResources pod, string expected)
    {
        Assert.False(string.IsNullOrEmpty(scenario));
        Assert.Equal(expected, PodDemand.Compute(pod).ToString());
    }

    private static ContainerResources C(string name, params string[] requests) => new(name, ResourceList.Parse(Q(requests)));

    private static IEnumerable<KeyValuePair<string, string>> Q(params string[] pairs) =>
        pairs.Select(p => p.Split('=')).Select(p => KeyValuePair.Create(p[0], p[1]));
}

internal static class ContainerResourcesExtensions
{
    public static ContainerResources AsSidecar(this ContainerResources container) => container with { IsSidecar = true };
}
