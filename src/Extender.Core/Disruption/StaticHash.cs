using Extender.Core.Catalog;
using Extender.Core.Claims;

namespace Extender.Core.Disruption;

/// <summary>
/// Static drift as Karpenter detects it: a hash of the fields that shape a node (a NodePool's template, a node class's
/// spec) is stamped on every claim at creation under <see cref="HashKey"/>, with the hashing scheme's
/// <see cref="Version"/> under <see cref="VersionKey"/>. A claim has drifted when the hash today differs from its own,
/// and only when both were computed by the same scheme: a claim stamped by another version (or never) is re-stamped
/// with today's hash instead (<see cref="Restamp"/>), so changing the scheme never rolls the fleet.
/// </summary>
/// <param name="HashKey">The annotation holding the hash.</param>
/// <param name="VersionKey">The annotation holding the scheme's version.</param>
/// <param name="Version">The version of the scheme this build computes; bump it whenever a hash of an unchanged object would change.</param>
/// <param name="Reason">The drift reason when the hashes differ.</param>
public sealed record StaticHash(string HashKey, string VersionKey, string Version, string Reason)
{
    /// <summary>Karpenter's <c>karpenter.sh/nodepool-hash</c> over <c>spec.template</c> minus requirements.</summary>
    public static StaticHash NodePool { get; } = new(WellKnownLabels.Group + "/nodepool-hash", WellKnownLabels.Group + "/nodepool-hash-version", "v1", DriftReasons.NodePoolDrifted);

    /// <summary>Karpenter's <c>karpenter.k8s.aws/ec2nodeclass-hash</c> over the spec minus its selector terms.</summary>
    public static StaticHash NodeClass { get; } = new(WellKnownLabels.Group + "/ec2nodeclass-hash", WellKnownLabels.Group + "/ec2nodeclass-hash-version", "v1", DriftReasons.NodeClassDrift);

    /// <summary>The annotations a new claim carries; none when the hash is unknown.</summary>
    public IReadOnlyDictionary<string, string> Stamp(string? hash) => hash is null
        ? new Dictionary<string, string>()
        : new Dictionary<string, string>(StringComparer.Ordinal) { [HashKey] = hash, [VersionKey] = Version };

    /// <summary>
    /// Whether <paramref name="claim"/> was stamped with another hash by this scheme. Anything missing (the object's hash,
    /// the claim's hash or version) or a version mismatch is not drift, as in Karpenter.
    /// </summary>
    public bool Drifted(string? hash, NodeClaim claim) =>
        hash is not null
        && claim.Annotations.TryGetValue(HashKey, out var stamped)
        && claim.Annotations.TryGetValue(VersionKey, out var version)
        && version == Version
        && stamped != hash;

    /// <summary>
    /// The annotations to write on a claim stamped by another scheme (or none): today's version, and today's hash unless
    /// the claim is already Drifted (a hash of another scheme cannot tell whether it still is, so it stays drifted).
    /// Null when the claim is current or the hash is unknown.
    /// </summary>
    public IReadOnlyDictionary<string, string>? Restamp(string? hash, NodeClaim claim)
    {
        if (hash is null || (claim.Annotations.TryGetValue(VersionKey, out var version) && version == Version))
        {
            return null;
        }

        var annotations = new Dictionary<string, string>(StringComparer.Ordinal) { [VersionKey] = Version };
        if (!claim.Status.IsTrue(NodeClaimConditionTypes.Drifted))
        {
            annotations[HashKey] = hash;
        }

        return annotations;
    }
}
