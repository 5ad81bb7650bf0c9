using Extender.Kubernetes.Leadership;
using Extender.Provisioning.Ports;

namespace Extender.Wiring;

internal sealed class KubernetesLeadership(ILeaderStatus leader) : ILeadership
{
    public bool IsLeader => leader.IsLeader;
}
