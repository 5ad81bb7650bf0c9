using Extender.Core.Cluster;

namespace Extender.Core.Scheduling;

/// <summary>The NodePorts filter: a host port is taken per (protocol, IP, port); the wildcard IP overlaps every IP.</summary>
public static class NodePorts
{
    private const string Wildcard = "0.0.0.0";

    /// <summary>True when some of <paramref name="wanted"/> is already used by one of <paramref name="podsOnNode"/>.</summary>
    public static bool Conflict(IReadOnlyList<HostPort> wanted, IReadOnlyList<Pod> podsOnNode)
    {
        if (wanted.Count == 0)
        {
            return false;
        }

        for (var p = 0; p < podsOnNode.Count; p++)
        {
            var used = podsOnNode[p].HostPorts;
            for (var u = 0; u < used.Count; u++)
            {
                for (var w = 0; w < wanted.Count; w++)
                {
                    if (Overlap(wanted[w], used[u]))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    public static bool Overlap(HostPort a, HostPort b)
    {
        if (a.Port <= 0 || a.Port != b.Port || Protocol(a) != Protocol(b))
        {
            return false;
        }

        var ipA = Ip(a);
        var ipB = Ip(b);
        return ipA == Wildcard || ipB == Wildcard || ipA == ipB;
    }

    private static string Protocol(HostPort port) => port.Protocol.Length == 0 ? "TCP" : port.Protocol;

    private static string Ip(HostPort port) => port.HostIp.Length == 0 ? Wildcard : port.HostIp;
}
