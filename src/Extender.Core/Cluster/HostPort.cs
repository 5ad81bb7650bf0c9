namespace Extender.Core.Cluster;

/// <summary>A host port a container asks for; an empty or 0.0.0.0 <paramref name="HostIp"/> conflicts with every address.</summary>
public sealed record HostPort(string Protocol, string HostIp, int Port);
