using System.Globalization;

namespace Extender.Sandbox.Ec2;

/// <summary>The sandbox account: network, images, launch templates, instances and fleets. Guarded by <see cref="Gate"/>.</summary>
internal sealed class SandboxEc2State
{
    public const string DiscoveryTag = "provisioning.extender.io/discovery";

    public SandboxEc2State(SandboxEc2Options options)
    {
        Options = options;
        Roles.UnionWith(options.Roles);
        foreach (var (profile, role) in options.InstanceProfiles)
        {
            InstanceProfiles[profile] = new SandboxInstanceProfile(profile, "/", new Dictionary<string, string>()) { Role = role };
        }

        Types = options.InstanceTypes.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var discovery = new Dictionary<string, string> { [DiscoveryTag] = "sandbox" };
        Subnets = [.. options.Zones.Select((zone, i) => new Subnet($"subnet-0sandbox{i:D8}", zone, $"10.0.{i * 64}.0/18", discovery))];
        SecurityGroups = [new SecurityGroup("sg-0sandbox00000001", "sandbox-nodes", discovery)];
        Images =
        [
            new Image("ami-0sandbox00amd64", "al2023-ami-sandbox-x86_64", "x86_64", "2025-01-01T00:00:00.000Z", discovery),
            new Image("ami-0sandbox00arm64", "al2023-ami-sandbox-arm64", "arm64", "2025-01-01T00:00:00.000Z", discovery),
            .. PublicImages.All,
        ];
    }

    public Lock Gate { get; } = new();

    public SandboxEc2Options Options { get; }

    public IReadOnlyDictionary<string, SandboxInstanceType> Types { get; }

    public IReadOnlyList<Subnet> Subnets { get; }

    public IReadOnlyList<SecurityGroup> SecurityGroups { get; }

    /// <summary>Swapped whole under <see cref="Gate"/> when an image is published, so readers need no lock.</summary>
    public IReadOnlyList<Image> Images { get; set; }

    public Dictionary<string, LaunchTemplate> LaunchTemplates { get; } = new(StringComparer.Ordinal);

    /// <summary>IAM: the roles that exist (<see cref="SandboxEc2Options.Roles"/>) and the instance profiles.</summary>
    public HashSet<string> Roles { get; } = [];

    public Dictionary<string, SandboxInstanceProfile> InstanceProfiles { get; } = new(StringComparer.Ordinal);

    /// <summary>Insertion-ordered so that listings are stable.</summary>
    public List<SandboxInstance> Instances { get; } = [];

    public Dictionary<string, string> FleetResponses { get; } = new(StringComparer.Ordinal);

    private long _ids;

    public string NewId(string prefix) => prefix + Interlocked.Increment(ref _ids).ToString("x17", CultureInfo.InvariantCulture);

    public decimal? Price(string type, string capacityType) =>
        !Types.TryGetValue(type, out var t) ? null
        : capacityType == "spot" ? (Options.SpotDiscount is { } d ? Math.Round(t.OnDemandPricePerHour * d, 4) : null)
        : t.OnDemandPricePerHour;

    public sealed record Subnet(string Id, string Zone, string Cidr, IReadOnlyDictionary<string, string> Tags);

    public sealed record SecurityGroup(string Id, string Name, IReadOnlyDictionary<string, string> Tags);

    public sealed record Image(string Id, string Name, string Architecture, string CreationDate, IReadOnlyDictionary<string, string> Tags);

    /// <summary>A launch template; its user data (decoded from the request's base64) is what every instance launched from it boots with.</summary>
    public sealed record LaunchTemplate(string Id, string Name, string ImageId, DateTimeOffset CreateTime, IReadOnlyDictionary<string, string> Tags, string? UserData)
    {
        /// <summary>The IAM instance profile instances get (<c>IamInstanceProfile.Name</c>); null when none.</summary>
        public string? InstanceProfile { get; init; }

        /// <summary>The security groups every instance launched from it gets (given directly or on its network interface).</summary>
        public IReadOnlyList<string> SecurityGroupIds { get; init; } = [];
    }
}
