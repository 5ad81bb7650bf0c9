using Extender.Aws;
using Extender.Provisioning.Ports;

namespace Extender.Wiring;

/// <summary>The AWS adapter's leader-only loops follow the provisioning lease, like the provisioner itself.</summary>
internal sealed class ProvisioningAwsLeadership(ILeadership leadership) : IAwsLeadership
{
    public bool IsLeader => leadership.IsLeader;
}
