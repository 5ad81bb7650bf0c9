namespace Extender.Core.Cluster;

/// <summary>One term of <c>preferredDuringSchedulingIgnoredDuringExecution</c> node affinity: a node meeting <see cref="Preference"/> scores <see cref="Weight"/> (1-100).</summary>
public sealed record PreferredSchedulingTerm(int Weight, NodeSelectorTerm Preference);
