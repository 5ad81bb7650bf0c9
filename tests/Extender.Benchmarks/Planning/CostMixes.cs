using Extender.Core.Cluster;
using Extender.TestKit.Planning;

namespace Extender.Benchmarks.Planning;

/// <summary>Realistic pod mixes for the cost-quality report (seeded, so every run sees the same pods).</summary>
internal static class CostMixes
{
    public static IEnumerable<(string Name, List<Pod> Pods)> All()
    {
        yield return ("web: 2000 small pods", Web());
        yield return ("mixed sizes, a few large", Mixed());
        yield return ("memory-heavy", MemoryHeavy());
        yield return ("GPU jobs + CPU sidecars", Gpu());
    }

    private static List<Pod> Web()
    {
        var random = new Random(1);
        string[] cpus = ["100m", "200m", "250m", "500m"];
        string[] memories = ["128Mi", "256Mi", "512Mi"];
        return PendingPodBuilder.Many(2000, "web", b => b.Cpu(cpus[random.Next(cpus.Length)]).Memory(memories[random.Next(memories.Length)]));
    }

    private static List<Pod> Mixed()
    {
        var random = new Random(2);
        return PendingPodBuilder.Many(1000, "app", b => random.Next(100) switch
        {
            < 75 => b.Cpu("250m").Memory("512Mi"),
            < 95 => b.Cpu("2").Memory("4Gi"),
            _ => b.Cpu("8").Memory("32Gi"),
        });
    }

    private static List<Pod> MemoryHeavy()
    {
        var random = new Random(3);
        string[] memories = ["4Gi", "8Gi", "12Gi", "16Gi"];
        return PendingPodBuilder.Many(500, "cache", b => b.Cpu("500m").Memory(memories[random.Next(memories.Length)]));
    }

    private static List<Pod> Gpu()
    {
        var jobs = PendingPodBuilder.Many(48, "train", b => b.Cpu("4500m").Memory("18Gi").Gpu(1));
        var helpers = PendingPodBuilder.Many(300, "feeder", b => b.Cpu("250m").Memory("512Mi"));
        return [.. jobs, .. helpers];
    }
}
