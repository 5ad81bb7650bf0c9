namespace Extender.Aws.NodeClasses;

public sealed record ResolvedSubnet(string Id, string Zone, int AvailableIpAddressCount);
