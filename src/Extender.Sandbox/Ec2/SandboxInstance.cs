namespace Extender.Sandbox.Ec2;

/// <summary>An instance in the sandbox, as the events report it.</summary>
public sealed record SandboxInstance(
    string InstanceId,
    string InstanceType,
    string Zone,
    string SubnetId,
    string CapacityType,
    string ImageId,
    string PrivateIp,
    DateTimeOffset LaunchTime,
    IReadOnlyDictionary<string, string> Tags)
{
    public string State { get; init; } = "running";

    /// <summary>EC2's instance status check: <c>ok</c> or <c>impaired</c> (<see cref="SandboxEc2Server.Impair"/>).</summary>
    public string InstanceStatus { get; init; } = "ok";

    /// <summary>EC2's system status check (the host under the instance): <c>ok</c> or <c>impaired</c>.</summary>
    public string SystemStatus { get; init; } = "ok";

    /// <summary>The user data the instance booted with (its launch template's, decoded); null when it had none.</summary>
    public string? UserData { get; init; }

    /// <summary>The security groups it runs with (its launch template's).</summary>
    public IReadOnlyList<string> SecurityGroupIds { get; init; } = [];

    public string ProviderId => $"aws:///{Zone}/{InstanceId}";

    public string PrivateDnsName => $"ip-{PrivateIp.Replace('.', '-')}.ec2.internal";
}
