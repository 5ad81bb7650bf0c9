namespace Extender.Sandbox.Ec2;

/// <summary>How the sandbox EC2 endpoint starts.</summary>
public sealed record SandboxEc2Options
{
    /// <summary>0 picks a free port on 127.0.0.1.</summary>
    public int Port { get; init; }

    public string Region { get; init; } = "us-east-1";

    public IReadOnlyList<string> Zones { get; init; } = ["us-east-1a", "us-east-1b", "us-east-1c"];

    /// <summary>What the sandbox sells; by default the catalog embedded in Core.</summary>
    public IReadOnlyList<SandboxInstanceType> InstanceTypes { get; init; } = SandboxInstanceTypes.Embedded;

    /// <summary>Spot price as a fraction of on-demand; null sells no spot.</summary>
    public decimal? SpotDiscount { get; init; } = 0.35m;

    /// <summary>Clock for fault windows and launch times.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>IAM roles that exist in the sandbox account (the demo's, the tests', the shipped example's).</summary>
    public IReadOnlyList<string> Roles { get; init; } = ["KarpenterNodeRole-demo", "NodeRole", "my-cluster-node-role"];

    /// <summary>Instance profiles that exist before anything runs (name → role), for classes that name one.</summary>
    public IReadOnlyDictionary<string, string> InstanceProfiles { get; init; } = new Dictionary<string, string> { ["KarpenterNodeInstanceProfile-demo"] = "KarpenterNodeRole-demo" };

    /// <summary>Seed of the throttling dice, so that a scenario throttles the same calls every run.</summary>
    public int Seed { get; init; } = 1;
}
