using System.Text.Json.Nodes;
using Extender.Sandbox.Ec2;
using Extender.Sandbox.Scheduling;

namespace Extender.Demo;

/// <summary>
/// The sandbox as the scale-up left it: what the report's scale-up figures describe, taken before the later phases
/// delete, move and replace things. <see cref="BufferNodes"/>: nodes holding a CapacityBuffer's room, which are kept
/// free on purpose and so not unused.
/// </summary>
internal sealed record ScaleUpSnapshot(
    IReadOnlyList<JsonObject> Pods,
    IReadOnlyList<SandboxInstance> Instances,
    IReadOnlyCollection<PodBinding> Bindings,
    IReadOnlyDictionary<string, long> CloudCalls,
    IReadOnlyDictionary<string, long> ExtenderCalls,
    IReadOnlySet<string> BufferNodes)
{
    public static ScaleUpSnapshot Take(DemoEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return new ScaleUpSnapshot(
            environment.Api.List("v1", "Pod"),
            environment.Ec2.Instances,
            environment.SchedulerMetrics.Bindings,
            environment.Ec2.CallCounts,
            environment.SchedulerMetrics.ExtenderCalls,
            Phases.SandboxState.BufferSlots(environment.Api).Select(s => s.Node).OfType<string>().ToHashSet(StringComparer.Ordinal));
    }
}
