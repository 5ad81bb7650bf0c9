using Extender.Kubernetes.CustomResources;
using Extender.Wiring;

namespace Extender.Tests.Wiring;

public sealed class NodeClassSourceTests
{
    [Theory]
    [InlineData(null, null, null, false)]
    [InlineData(true, true, true, true)]
    [InlineData(false, false, false, false)]
    public void Map_PublicAddressAndMonitoring_CarriedToTheLaunchSpec(bool? associate, bool? monitoring, bool? expectedAssociate, bool expectedMonitoring)
    {
        var resource = new EC2NodeClass
        {
            Metadata = new() { Name = "default" },
            Spec = new EC2NodeClassSpec { AssociatePublicIPAddress = associate, DetailedMonitoring = monitoring },
        };

        var spec = NodeClassSource.Map(resource);

        Assert.Equal((expectedAssociate, expectedMonitoring), (spec.AssociatePublicIpAddress, spec.DetailedMonitoring));
    }
}
