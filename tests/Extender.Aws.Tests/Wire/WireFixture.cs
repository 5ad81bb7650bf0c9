using Extender.Aws.Tests.Support;

namespace Extender.Aws.Tests.Wire;

/// <summary>A WireMock endpoint with the node class lookups stubbed; each test adds the calls it is about.</summary>
internal sealed class WireFixture : IDisposable
{
    public WireFixture(IDictionary<string, string?>? overrides = null)
    {
        Ec2.Stub("DescribeSubnets", Ec2Xml.Subnets(("subnet-a", "us-east-1a"), ("subnet-b", "us-east-1b")));
        Ec2.Stub("DescribeSecurityGroups", Ec2Xml.SecurityGroups("sg-1"));
        Ec2.Stub("DescribeImages", Ec2Xml.Images(("ami-old", "x86_64", "2024-01-01T00:00:00.000Z"), ("ami-new", "x86_64", "2025-01-01T00:00:00.000Z"), ("ami-arm", "arm64", "2025-01-01T00:00:00.000Z")));
        Ec2.Stub("CreateLaunchTemplate", Ec2Xml.CreateLaunchTemplate("lt"));
        Host = new ProviderHost(Ec2.Url, overrides);
    }

    public WireEc2 Ec2 { get; } = new();

    public ProviderHost Host { get; }

    public void Dispose()
    {
        Host.Dispose();
        Ec2.Dispose();
    }
}
