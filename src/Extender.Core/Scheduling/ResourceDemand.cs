namespace Extender.Core.Scheduling;

/// <summary>One positive resource request with the reason reported when a node cannot hold it.</summary>
internal readonly record struct ResourceDemand(string Name, long Milli, string Reason);
