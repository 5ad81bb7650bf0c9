using Extender.Core.Resources;

namespace Extender.Core.Headroom;

/// <summary>
/// A buffer's replica count as Cluster Autoscaler computes it (<c>getBufferNumberOfPods</c>):
/// <c>min(max(replicas, floor(scalable replicas × percentage / 100)), limit replicas)</c>, where the limit replicas are
/// how many template pods fit in <c>limits</c> (per resource the template requests, rounded down). Our own sizes join
/// the <c>max</c>: an amount of resources, or a percent of a NodePool's requested resources, each rounded up to whole
/// template pods. A schedule whose window is closed holds nothing.
/// </summary>
public static class BufferReplicas
{
    /// <param name="buffer">The buffer.</param>
    /// <param name="templateRequests">What one pod of the buffer's template requests.</param>
    /// <param name="scalableReplicas">The scalable workload's replicas; null for a <c>podTemplateRef</c> buffer.</param>
    /// <param name="poolRequested">What the pods bound to the buffer's NodePool's nodes request (for <see cref="BufferSpec.PoolPercentage"/>).</param>
    /// <param name="now">The time the schedule is judged at.</param>
    public static BufferSize Compute(BufferSpec buffer, ResourceList templateRequests, int? scalableReplicas, ResourceList poolRequested, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        ArgumentNullException.ThrowIfNull(templateRequests);
        ArgumentNullException.ThrowIfNull(poolRequested);
        if (buffer.Invalid is { } invalid)
        {
            return BufferSize.Failed(invalid);
        }

        long replicas = -1;
        if (buffer.Replicas is { } fixedReplicas)
        {
            replicas = Math.Max(0, fixedReplicas);
        }

        if (buffer.Percentage is { } percentage && scalableReplicas is { } scalable)
        {
            replicas = Math.Max(replicas, FromPercentage(percentage, scalable));
        }

        if (buffer.Amount is { } amount)
        {
            if (PodsToCover(templateRequests, amount) is not { } covering)
            {
                return BufferSize.Failed("resources in headroom.resources not found in the pod template");
            }

            replicas = Math.Max(replicas, covering);
        }

        if (buffer.PoolPercentage is { } poolPercentage)
        {
            var share = ResourceList.From(poolRequested.Select(r => KeyValuePair.Create(r.Key, r.Value * Math.Max(0, poolPercentage) / 100)));
            replicas = Math.Max(replicas, PodsToCover(templateRequests, share) ?? 0);
        }

        if (buffer.Limits is { } limits)
        {
            if (PodsWithin(templateRequests, limits) is not { } within)
            {
                return BufferSize.Failed("resources in configured limits not found in the pod template");
            }

            replicas = replicas >= 0 ? Math.Min(replicas, within) : within;
        }

        if (replicas < 0)
        {
            return BufferSize.Failed("replicas, percentage and limits are not defined");
        }

        var closed = buffer.Schedule is { } schedule && !schedule.IsActive(now);
        return new BufferSize(closed ? 0 : (int)Math.Min(replicas, int.MaxValue), null, closed);
    }

    /// <summary>Upstream's integer arithmetic: the percentage of the workload's replicas, rounded down, never negative.</summary>
    public static long FromPercentage(int percentage, int scalableReplicas) => Math.Max(0, (long)percentage * scalableReplicas / 100);

    /// <summary>How many pods fit in <paramref name="limits"/>: the least over the resources both name; null when they share none.</summary>
    public static long? PodsWithin(ResourceList requests, ResourceList limits)
    {
        ArgumentNullException.ThrowIfNull(requests);
        ArgumentNullException.ThrowIfNull(limits);
        long? least = null;
        foreach (var (name, milli) in requests)
        {
            if (milli > 0 && limits.Contains(name) && limits[name] / milli is var pods and >= 0)
            {
                least = Math.Min(least ?? long.MaxValue, pods);
            }
        }

        return least;
    }

    /// <summary>How many pods it takes to cover <paramref name="amount"/>: the most over the resources both name, rounded up; null when they share none.</summary>
    public static long? PodsToCover(ResourceList requests, ResourceList amount)
    {
        ArgumentNullException.ThrowIfNull(requests);
        ArgumentNullException.ThrowIfNull(amount);
        long? most = null;
        foreach (var (name, milli) in requests)
        {
            if (milli > 0 && amount.Contains(name))
            {
                var wanted = Math.Max(0, amount[name]);
                most = Math.Max(most ?? 0, (wanted + milli - 1) / milli);
            }
        }

        return most;
    }
}
