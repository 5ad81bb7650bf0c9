namespace Extender.Sandbox.Scheduling;

/// <summary>One entry of the bare <c>HostPriorityList</c> array a <c>prioritize</c> call returns.</summary>
internal sealed record HostPriority(string Host, long Score);
