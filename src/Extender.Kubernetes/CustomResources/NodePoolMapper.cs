using Extender.Core.Catalog;
using Extender.Core.Cluster;
using Extender.Core.Disruption;
using Extender.Core.Interruption;
using Extender.Core.Planning;
using Extender.Core.Resources;
using Extender.Core.Scheduling.Requirements;
using k8s.Models;

namespace Extender.Kubernetes.CustomResources;

/// <summary>
/// Maps a NodePool resource (ours, or Karpenter's <c>karpenter.sh/v1</c>) onto the Core <see cref="NodePool"/>.
/// Karpenter label keys and its AWS node class group are mapped onto ours.
/// </summary>
public static class NodePoolMapper
{
    /// <summary>Maps <paramref name="resource"/>; throws <see cref="FormatException"/> naming the offending field.</summary>
    public static NodePool Map(NodePoolResource resource)
    {
        var name = string.IsNullOrEmpty(resource.Metadata?.Name) ? throw new FormatException("metadata.name: is required") : resource.Metadata.Name;
        var spec = resource.Spec ?? new NodePoolSpec();
        var template = spec.Template?.Spec ?? new NodePoolTemplateSpec();
        if (spec.Weight is < 0 or > 100)
        {
            throw new FormatException($"spec.weight: {spec.Weight} is outside 0..100");
        }

        return new NodePool
        {
            Name = name,
            Weight = spec.Weight ?? 0,
            Labels = (spec.Template?.Metadata?.Labels ?? new Dictionary<string, string>())
                .ToDictionary(l => KarpenterLabels.Normalize(l.Key), l => l.Value, StringComparer.Ordinal),
            Requirements = RequirementSet.Of((template.Requirements ?? []).Select(Requirement)),
            Taints = Taints(template.Taints, "spec.template.spec.taints"),
            StartupTaints = Taints(template.StartupTaints, "spec.template.spec.startupTaints"),
            Limits = Limits(spec.Limits),
            NodeClassRef = template.NodeClassRef is { } r
                ? new NodeClassReference(r.Group == KarpenterLabels.AwsGroup ? NodePoolResource.Group : r.Group, r.Kind, r.Name)
                : null,
            ExpireAfter = Duration(template.ExpireAfter, "spec.template.spec.expireAfter", TimeSpan.FromHours(720)),
            TerminationGracePeriod = Duration(template.TerminationGracePeriod, "spec.template.spec.terminationGracePeriod", null),
            Disruption = Disruption(spec.Disruption),
            ReplacesOnRebalanceRecommendation = RebalanceRecommendations.OptsIn(RebalanceAnnotation(resource)),
            TemplateHash = ResourceHash.NodePool(resource),
        };
    }

    /// <summary>The NodePool's rebalance opt-in (<see cref="RebalanceRecommendations.NodePoolAnnotation"/>), or null.</summary>
    public static string? RebalanceAnnotation(NodePoolResource resource) =>
        resource.Metadata?.Annotations?.TryGetValue(RebalanceRecommendations.NodePoolAnnotation, out var value) == true ? value : null;

    private static DisruptionSettings Disruption(NodePoolDisruption? disruption) => disruption is null
        ? DisruptionSettings.Default
        : new DisruptionSettings(
            disruption.ConsolidationPolicy ?? DisruptionSettings.WhenEmptyOrUnderutilized,
            Duration(disruption.ConsolidateAfter, "spec.disruption.consolidateAfter", TimeSpan.Zero),
            disruption.Budgets is null ? [DisruptionBudget.Default] : [.. disruption.Budgets.Select(CronBudgetSchedule.Budget)]);

    /// <summary>A Go duration (<c>720h</c>, <c>1h30m</c>) or <c>Never</c> (null); unset is <paramref name="unset"/>.</summary>
    private static TimeSpan? Duration(string? text, string field, TimeSpan? unset) =>
        text is null ? unset
        : text == "Never" ? null
        : Durations.TryParse(text, out var duration) ? duration
        : throw new FormatException($"{field}: \"{text}\" is not a duration (e.g. 720h, 1h30m) or Never");

    private static Requirement Requirement(NodePoolRequirement requirement, int index)
    {
        try
        {
            if (requirement.MinValues is < 1)
            {
                throw new FormatException($"minValues must be at least 1, not {requirement.MinValues}");
            }

            return Core.Scheduling.Requirements.Requirement.Create(requirement.Key, requirement.Operator, [.. requirement.Values ?? []], requirement.MinValues);
        }
        catch (FormatException e)
        {
            throw new FormatException($"spec.template.spec.requirements[{index}]: {e.Message}", e);
        }
    }

    private static List<Taint> Taints(IList<V1Taint>? taints, string field) =>
        [.. (taints ?? []).Select((t, i) => string.IsNullOrEmpty(t.Key) || t.Effect is not ("NoSchedule" or "PreferNoSchedule" or "NoExecute")
            ? throw new FormatException($"{field}[{i}]: a taint needs a key and an effect of NoSchedule, PreferNoSchedule or NoExecute")
            : new Taint(t.Key, t.Value ?? "", t.Effect))];

    private static ResourceList? Limits(IDictionary<string, ResourceQuantity>? limits)
    {
        if (limits is null)
        {
            return null;
        }

        try
        {
            return ResourceList.Parse(limits.Select(l => KeyValuePair.Create(l.Key, l.Value?.ToString() ?? "")));
        }
        catch (FormatException e)
        {
            throw new FormatException($"spec.limits: {e.Message}", e);
        }
    }
}
