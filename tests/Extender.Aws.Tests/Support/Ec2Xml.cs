namespace Extender.Aws.Tests.Support;

/// <summary>EC2 Query API response bodies as the SDK parses them.</summary>
internal static class Ec2Xml
{
    public const string Ns = "http://ec2.amazonaws.com/doc/2016-11-15/";

    public static string Wrap(string action, string inner) =>
        $"<{action}Response xmlns=\"{Ns}\"><requestId>req-1</requestId>{inner}</{action}Response>";

    public static string Error(string code, string message = "test") =>
        $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Errors><Error><Code>{code}</Code><Message>{message}</Message></Error></Errors><RequestID>req-err</RequestID></Response>";

    public static string Subnets(params (string Id, string Zone)[] subnets) => Wrap("DescribeSubnets",
        "<subnetSet>" + string.Concat(subnets.Select(s =>
            $"<item><subnetId>{s.Id}</subnetId><availabilityZone>{s.Zone}</availabilityZone><availableIpAddressCount>200</availableIpAddressCount><state>available</state></item>")) + "</subnetSet>");

    public static string SecurityGroups(params string[] ids) => Wrap("DescribeSecurityGroups",
        "<securityGroupInfo>" + string.Concat(ids.Select(id => $"<item><groupId>{id}</groupId><groupName>{id}-name</groupName></item>")) + "</securityGroupInfo>");

    public static string Images(params (string Id, string Arch, string Created)[] images) => Wrap("DescribeImages",
        "<imagesSet>" + string.Concat(images.Select(i =>
            $"<item><imageId>{i.Id}</imageId><name>{i.Id}-name</name><architecture>{i.Arch}</architecture><creationDate>{i.Created}</creationDate><imageState>available</imageState></item>")) + "</imagesSet>");

    public static string CreateLaunchTemplate(string name) => Wrap("CreateLaunchTemplate",
        $"<launchTemplate><launchTemplateId>lt-0123</launchTemplateId><launchTemplateName>{name}</launchTemplateName><latestVersionNumber>1</latestVersionNumber></launchTemplate>");

    public static string Fleet(string? instanceId, string? type, string? subnet, string lifecycle, params (string Code, string Type, string Subnet)[] errors) => Wrap("CreateFleet",
        "<fleetId>fleet-1</fleetId><errorSet>" + string.Concat(errors.Select(e =>
            $"<item><errorCode>{e.Code}</errorCode><errorMessage>no capacity</errorMessage><lifecycle>{lifecycle}</lifecycle>{Overrides(e.Type, e.Subnet)}</item>"))
        + "</errorSet><fleetInstanceSet>"
        + (instanceId is null ? "" : $"<item><instanceIds><item>{instanceId}</item></instanceIds><instanceType>{type}</instanceType><lifecycle>{lifecycle}</lifecycle>{Overrides(type!, subnet!)}</item>")
        + "</fleetInstanceSet>");

    private static string Overrides(string type, string subnet) =>
        $"<launchTemplateAndOverrides><launchTemplateSpecification><launchTemplateName>lt</launchTemplateName><version>1</version></launchTemplateSpecification><overrides><instanceType>{type}</instanceType><subnetId>{subnet}</subnetId></overrides></launchTemplateAndOverrides>";

    public static string Instances(string? nextToken, params (string Id, string Zone, string State, string Claim)[] instances) => Wrap("DescribeInstances",
        "<reservationSet><item><reservationId>r-1</reservationId><ownerId>123456789012</ownerId><instancesSet>" + string.Concat(instances.Select(i =>
            $"<item><instanceId>{i.Id}</instanceId><instanceType>m5.large</instanceType><instanceState><code>16</code><name>{i.State}</name></instanceState><launchTime>2025-01-01T00:00:00.000Z</launchTime><placement><availabilityZone>{i.Zone}</availabilityZone></placement><tagSet><item><key>provisioning.extender.io/nodeclaim</key><value>{i.Claim}</value></item><item><key>provisioning.extender.io/nodepool</key><value>default</value></item></tagSet></item>"))
        + "</instancesSet></item></reservationSet>" + (nextToken is null ? "" : $"<nextToken>{nextToken}</nextToken>"));

    public static string TerminateInstances(string id) => Wrap("TerminateInstances",
        $"<instancesSet><item><instanceId>{id}</instanceId><currentState><code>32</code><name>shutting-down</name></currentState><previousState><code>16</code><name>running</name></previousState></item></instancesSet>");
}
