using System.Text.Json.Nodes;
using Extender.Core.Catalog;
using Extender.Sandbox.Ec2;
using Extender.Sandbox.Kubernetes;

namespace Extender.Demo;

/// <summary>Reads the run's state straight from the sandbox servers (in-process, no API calls).</summary>
internal static class StatusSampler
{
    private const string ClaimApiVersion = WellKnownLabels.Group + "/v1alpha1";

    public static DemoStatus Sample(SandboxApiServer api, SandboxEc2Server ec2, TimeSpan elapsed)
    {
        var pods = api.List("v1", "Pod");
        var claims = api.List(ClaimApiVersion, "NodeClaim");
        var reserved = claims
            .SelectMany(c => c["spec"]?["reservedFor"]?.AsArray() ?? [])
            .Select(r => (string?)r?["uid"])
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        var bound = pods.Count(IsBound);
        var pendingReserved = pods.Count(p => !IsBound(p) && reserved.Contains(Uid(p)));
        var launching = claims.Count(c => (string?)c["status"]?["nodeName"] is null);
        var running = ec2.Instances.Where(i => i.State == "running").ToList();
        var byType = new SortedDictionary<string, int>(running.GroupBy(i => i.InstanceType).ToDictionary(g => g.Key, g => g.Count()), StringComparer.Ordinal);
        return new DemoStatus(elapsed, pods.Count, pods.Count - bound, pendingReserved, launching, bound, byType, CostPerHour(ec2, running));
    }

    /// <summary>What the running instances cost per hour at the sandbox's prices.</summary>
    public static decimal CostPerHour(SandboxEc2Server ec2, IEnumerable<SandboxInstance> running) =>
        running.Sum(i => ec2.PricePerHour(i.InstanceType, i.CapacityType) ?? 0m);

    public static bool IsBound(JsonObject pod) => (string?)pod["spec"]?["nodeName"] is { Length: > 0 };

    public static string Uid(JsonObject pod) => (string?)pod["metadata"]?["uid"] ?? "";
}
