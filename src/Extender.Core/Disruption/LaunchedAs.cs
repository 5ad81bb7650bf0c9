namespace Extender.Core.Disruption;

/// <summary>What an instance was launched with, as the cloud reports it: its image, subnet and security groups.</summary>
public sealed record LaunchedAs(string? ImageId, string? SubnetId, IReadOnlyList<string> SecurityGroupIds);
