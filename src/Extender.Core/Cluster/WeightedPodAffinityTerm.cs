namespace Extender.Core.Cluster;

/// <summary>One term of <c>preferredDuringSchedulingIgnoredDuringExecution</c> pod (anti-)affinity: a node where <see cref="Term"/> holds scores <see cref="Weight"/> (1-100).</summary>
public sealed record WeightedPodAffinityTerm(int Weight, PodAffinityTerm Term);
