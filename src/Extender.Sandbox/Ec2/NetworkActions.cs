using static Extender.Sandbox.Ec2.Ec2Xml;

namespace Extender.Sandbox.Ec2;

/// <summary>DescribeSubnets, DescribeSecurityGroups, DescribeImages over the sandbox's fixed network and images.</summary>
internal sealed class NetworkActions(SandboxEc2State state)
{
    public string DescribeSubnets(Ec2Form form)
    {
        var filters = form.Filters();
        var ids = form.List("SubnetId");
        var subnets = state.Subnets
            .Where(s => (ids.Count == 0 || ids.Contains(s.Id)) && Ec2Filters.Match(filters, s.Tags, name => name switch
            {
                "subnet-id" => s.Id,
                "availability-zone" => s.Zone,
                "state" => "available",
                _ => null,
            }))
            .ToList();
        return Response("DescribeSubnets", Set("subnetSet", subnets.Select(s => (object)E("item",
            E("subnetId", s.Id), E("state", "available"), E("vpcId", "vpc-0sandbox"), E("cidrBlock", s.Cidr),
            E("availableIpAddressCount", 16000), E("availabilityZone", s.Zone), Tags(s.Tags)))));
    }

    public string DescribeSecurityGroups(Ec2Form form)
    {
        var filters = form.Filters();
        var groups = state.SecurityGroups.Where(g => Ec2Filters.Match(filters, g.Tags, name => name switch
        {
            "group-id" => g.Id,
            "group-name" => g.Name,
            _ => null,
        }));
        return Response("DescribeSecurityGroups", Set("securityGroupInfo", groups.Select(g => (object)E("item",
            E("ownerId", "123456789012"), E("groupId", g.Id), E("groupName", g.Name), E("groupDescription", "sandbox nodes"),
            E("vpcId", "vpc-0sandbox"), Tags(g.Tags)))));
    }

    public string DescribeImages(Ec2Form form)
    {
        var filters = form.Filters();
        var ids = form.List("ImageId");
        var images = state.Images.Where(i => (ids.Count == 0 || ids.Contains(i.Id)) && Ec2Filters.Match(filters, i.Tags, name => name switch
        {
            "image-id" => i.Id,
            "name" => i.Name,
            "architecture" => i.Architecture,
            "state" => "available",
            _ => null,
        }));
        return Response("DescribeImages", Set("imagesSet", images.Select(i => (object)E("item",
            E("imageId", i.Id), E("imageLocation", "amazon/" + i.Name), E("imageState", "available"), E("imageOwnerId", "123456789012"),
            E("creationDate", i.CreationDate), E("isPublic", "true"), E("architecture", i.Architecture), E("imageType", "machine"),
            E("name", i.Name), E("rootDeviceType", "ebs"), E("rootDeviceName", "/dev/xvda"), Tags(i.Tags)))));
    }
}
