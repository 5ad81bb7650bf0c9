using k8s.Models;

namespace Extender.Tests.Sandbox.Controllers;

/// <summary>Pods and budgets for the controllers' table tests.</summary>
internal static class Fixtures
{
    public static readonly DateTimeOffset Now = new(2026, 7, 1, 12, 0, 0, TimeSpan.Zero);

    public static V1Pod Pod(string name, bool ready = true, string phase = "Running", string? ownerUid = "rs-uid", string app = "web") => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = "default",
            Uid = name + "-uid",
            Labels = new Dictionary<string, string> { ["app"] = app },
            OwnerReferences = ownerUid is null ? null : [new V1OwnerReference { Kind = "ReplicaSet", Name = "web-rs", Uid = ownerUid, Controller = true, ApiVersion = "apps/v1" }],
        },
        Spec = new V1PodSpec { NodeName = "node-a", Containers = [new V1Container { Name = "app" }] },
        Status = new V1PodStatus
        {
            Phase = phase,
            Conditions = [new V1PodCondition { Type = "Ready", Status = ready ? "True" : "False", LastTransitionTime = Now.UtcDateTime.AddMinutes(-10) }],
        },
    };

    public static V1PodDisruptionBudget Budget(string? minAvailable = null, string? maxUnavailable = null, string app = "web", string name = "web-pdb") => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default", Generation = 1 },
        Spec = new V1PodDisruptionBudgetSpec
        {
            MinAvailable = minAvailable is null ? null : (IntOrString)minAvailable,
            MaxUnavailable = maxUnavailable is null ? null : (IntOrString)maxUnavailable,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = app } },
        },
    };

    public static IReadOnlyList<V1Pod> Pods(int count, int ready) =>
        [.. Enumerable.Range(0, count).Select(i => Pod($"web-{i}", ready: i < ready))];
}
