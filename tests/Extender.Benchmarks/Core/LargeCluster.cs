using Extender.Core.Cluster;
using Extender.TestKit.Builders;

namespace Extender.Benchmarks.Core;

/// <summary>A deterministic cluster of 5,000 nodes in three zones with 10 pods each (50,000 pods).</summary>
internal static class LargeCluster
{
    public const int NodeCount = 5_000;
    public const int PodsPerNode = 10;

    public static IEnumerable<Node> Nodes() => Enumerable.Range(0, NodeCount).Select(i =>
    {
        var builder = new NodeBuilder(NodeName(i)).Cpu("16").Memory("64Gi").Zone($"us-east-1{(char)('a' + (i % 3))}").InstanceType("m5.4xlarge");
        return i % 10 == 0 ? builder.Taint("dedicated", "inference", "NoSchedule").Build() : builder.Build();
    });

    public static IEnumerable<Pod> Pods() => Enumerable.Range(0, NodeCount * PodsPerNode).Select(i => BoundPod(i, "250m"));

    public static Pod BoundPod(int i, string cpu)
    {
        var builder = new PodBuilder($"app-{i}").Namespace($"team-{i % 20}").Label("app", $"app-{i % 200}")
            .Cpu(cpu).Memory("512Mi").OnNode(NodeName(i / PodsPerNode));
        return i % 100 == 0 ? builder.AntiAffinity("kubernetes.io/hostname", ("app", $"app-{i % 200}")).Build() : builder.Build();
    }

    public static ClusterState State()
    {
        var state = new ClusterState();
        state.Replace(Nodes(), Pods());
        return state;
    }

    private static string NodeName(int i) => $"ip-10-{i / 250}-{i % 250}-1.ec2.internal";
}
