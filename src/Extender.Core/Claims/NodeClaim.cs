using Extender.Core.Capacity;
using Extender.Core.Cluster;
using Extender.Core.Resources;

namespace Extender.Core.Claims;

/// <summary>
/// One planned or running node: the intent written down before money is spent (spec), and what it became (status).
/// The Kubernetes adapter maps the <c>NodeClaim</c> custom resource onto this.
/// </summary>
public sealed record NodeClaim
{
    /// <summary>EC2 accepts client tokens of at most 64 ASCII characters.</summary>
    private const int MaxClientTokenLength = 64;

    public required string Name { get; init; }

    /// <summary>Assigned by the API server when the claim is created; empty before.</summary>
    public string Uid { get; init; } = "";

    public required string NodePool { get; init; }
    public required string NodeClass { get; init; }
    public IReadOnlyList<NodeSelectorRequirement> Requirements { get; init; } = [];

    /// <summary>The acceptable offerings, cheapest first.</summary>
    public IReadOnlyList<LaunchOption> Options { get; init; } = [];

    /// <summary>The summed demand of the pods the claim was planned for.</summary>
    public ResourceList Resources { get; init; } = ResourceList.Empty;

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>What the claim was made from, as the drift hashes stamped on it at creation (<see cref="Disruption.StaticHash"/>).</summary>
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<Taint> Taints { get; init; } = [];
    public IReadOnlyList<Taint> StartupTaints { get; init; } = [];
    public IReadOnlyList<ReservedPod> ReservedFor { get; init; } = [];
    public NodeClaimStatus Status { get; init; } = new();
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Deletion was requested; the instance must be terminated before the claim may go.</summary>
    public bool Deleting => DeletedAt is not null;

    /// <summary><c>metadata.deletionTimestamp</c>: when deletion was requested (a termination grace period counts from it).</summary>
    public DateTimeOffset? DeletedAt { get; init; }

    /// <summary>Derived from the claim's identity, never random, so a retried launch returns the same instance.</summary>
    public string ClientToken
    {
        get
        {
            var token = $"{Name}-{Uid}";
            return token.Length <= MaxClientTokenLength ? token : token[^MaxClientTokenLength..];
        }
    }

    /// <summary>The cheapest acceptable offering: what the claim is planned as until it is launched.</summary>
    public LaunchOption? PreferredOption => Options.Count > 0 ? Options[0] : null;

    public bool IsLaunched => Status.IsTrue(NodeClaimConditionTypes.Launched);

    public bool IsRegistered => Status.IsTrue(NodeClaimConditionTypes.Registered);

    public bool IsInitialized => Status.IsTrue(NodeClaimConditionTypes.Initialized);
}
