namespace Extender.Sandbox.Demo;

/// <summary>Launched nodes; <paramref name="Unused"/> counts those that never got a pod.</summary>
public sealed record NodeCounts(int Launched, int Unused, IReadOnlyDictionary<string, int> ByInstanceType);
