namespace Extender.Core.Cluster;

/// <summary>A pod toleration. <paramref name="Operator"/> is Equal (the default) or Exists; an empty effect matches every effect.</summary>
public sealed record Toleration(string Key, string Operator, string Value, string Effect);
