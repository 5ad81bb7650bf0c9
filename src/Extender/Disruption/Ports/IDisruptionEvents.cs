using Extender.Core.Claims;

namespace Extender.Disruption.Ports;

/// <summary>Events about disruption on nodes, NodeClaims and pods (what <c>kubectl describe</c> shows).</summary>
public interface IDisruptionEvents
{
    void OnNode(string nodeName, bool warning, string reason, string message);

    void OnClaim(NodeClaim claim, bool warning, string reason, string message);

    void OnPod(PodReference pod, bool warning, string reason, string message);
}
