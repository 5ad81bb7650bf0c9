using Extender.Core.Headroom;
using Extender.Core.Resources;
using Extender.Kubernetes.Mapping;
using k8s.Models;

namespace Extender.Kubernetes.CustomResources;

/// <summary>
/// Maps a CapacityBuffer's spec to Core's <see cref="BufferSpec"/>. A field that cannot be read (a bad quantity, an
/// unreadable schedule) makes the buffer not ready, with the field named in <see cref="BufferSpec.Invalid"/>, rather
/// than an error: one user's buffer never stops the others.
/// </summary>
public static class CapacityBufferMapper
{
    public static BufferSpec ToSpec(CapacityBuffer buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        var meta = buffer.Metadata;
        var spec = buffer.Spec;
        var headroom = spec.Headroom;
        var mapped = new BufferSpec
        {
            Namespace = meta.NamespaceProperty ?? "default",
            Name = meta.Name ?? "",
            Uid = meta.Uid ?? $"{meta.NamespaceProperty}/{meta.Name}",
            Replicas = spec.Replicas,
            Percentage = spec.Percentage,
            PoolPercentage = headroom?.PoolPercentage,
            NodePool = headroom?.NodePool,
            Selector = SelectorMapper.Selector(headroom?.Selector),
        };

        try
        {
            return mapped with
            {
                Limits = Quantities(spec.Limits, "spec.limits"),
                Amount = Quantities(headroom?.Resources, "spec.headroom.resources"),
                Schedule = Window(headroom),
                Invalid = headroom?.PoolPercentage is not null && headroom.NodePool is null ? "spec.headroom.poolPercentage needs spec.headroom.nodePool" : null,
            };
        }
        catch (FormatException e)
        {
            return mapped with { Invalid = e.Message };
        }
    }

    private static CronBudgetSchedule? Window(CapacityBufferHeadroom? headroom)
    {
        if (headroom?.Schedule is null && headroom?.Duration is null)
        {
            return null;
        }

        try
        {
            return CronBudgetSchedule.Parse(headroom.Schedule, headroom.Duration);
        }
        catch (FormatException e)
        {
            throw new FormatException($"spec.headroom.schedule \"{headroom.Schedule}\": {e.Message}", e);
        }
    }

    private static ResourceList? Quantities(IDictionary<string, ResourceQuantity>? quantities, string field)
    {
        try
        {
            return quantities is null ? null : ResourceList.Parse(quantities.Select(q => KeyValuePair.Create(q.Key, q.Value?.ToString() ?? "")));
        }
        catch (FormatException e)
        {
            throw new FormatException($"{field}: {e.Message}", e);
        }
    }
}
