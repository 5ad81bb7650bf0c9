using Extender.Core.Claims;
using Extender.Core.Disruption;

namespace Extender.Core.Tests.Disruption;

/// <summary>
/// Karpenter's static drift and hash-version rules (pkg/controllers/nodeclaim/disruption/drift_test.go, "NodePool
/// Static Drift"; pkg/controllers/nodepool/hash/suite_test.go), for both hashes.
/// </summary>
public sealed class StaticHashTests
{
    public static TheoryData<string> Hashes => [nameof(StaticHash.NodePool), nameof(StaticHash.NodeClass)];

    private static StaticHash Of(string which) => which == nameof(StaticHash.NodePool) ? StaticHash.NodePool : StaticHash.NodeClass;

    private static NodeClaim Claim(StaticHash scheme, string? hash, string? version, bool drifted = false)
    {
        var annotations = new Dictionary<string, string>();
        if (hash is not null)
        {
            annotations[scheme.HashKey] = hash;
        }

        if (version is not null)
        {
            annotations[scheme.VersionKey] = version;
        }

        return new NodeClaim
        {
            Name = "claim",
            NodePool = "default",
            NodeClass = "default",
            Annotations = annotations,
            Status = drifted
                ? new NodeClaimStatus { Conditions = [new NodeClaimCondition(NodeClaimConditionTypes.Drifted, true, scheme.Reason, "", DateTimeOffset.UnixEpoch)] }
                : new NodeClaimStatus(),
        };
    }

    [Theory]
    [MemberData(nameof(Hashes))]
    public void Drifted_StampedBySameSchemeWithAnotherHash_IsDrifted(string which)
    {
        var scheme = Of(which);

        Assert.True(scheme.Drifted("new", Claim(scheme, "old", scheme.Version)));
        Assert.False(scheme.Drifted("same", Claim(scheme, "same", scheme.Version)));
    }

    [Theory]
    [InlineData("no hash on the NodePool")]
    [InlineData("no hash on the NodeClaim")]
    [InlineData("hash versions differ")]
    [InlineData("no hash version on the NodeClaim")]
    public void Drifted_AnythingMissingOrAnotherVersion_IsNotDrifted(string why)
    {
        var scheme = StaticHash.NodePool;
        var (current, claim) = why switch
        {
            "no hash on the NodePool" => ((string?)null, Claim(scheme, "test-hash-1", scheme.Version)),
            "no hash on the NodeClaim" => ("test-hash-1", Claim(scheme, null, scheme.Version)),
            "hash versions differ" => ("test-hash-1", Claim(scheme, "test-hash-2", "test-version-2")),
            _ => ("test-hash-1", Claim(scheme, "test-hash-111111111", null)),
        };

        Assert.False(scheme.Drifted(current, claim));
    }

    [Theory]
    [MemberData(nameof(Hashes))]
    public void Stamp_NewClaim_CarriesHashAndThisVersion(string which)
    {
        var scheme = Of(which);

        var stamp = scheme.Stamp("123");

        Assert.Equal(new Dictionary<string, string> { [scheme.HashKey] = "123", [scheme.VersionKey] = scheme.Version }, stamp);
        Assert.Empty(scheme.Stamp(null));
    }

    [Theory]
    [InlineData("v0", false, true)]
    [InlineData(null, false, true)]
    [InlineData("v0", true, false)]
    public void Restamp_OtherVersion_TakesThisVersionAndTodaysHashUnlessDrifted(string? version, bool drifted, bool hashUpdated)
    {
        var scheme = StaticHash.NodePool;
        var claim = Claim(scheme, "old-scheme-hash", version, drifted);

        var restamp = scheme.Restamp("today", claim);

        Assert.NotNull(restamp);
        Assert.Equal(scheme.Version, restamp[scheme.VersionKey]);
        Assert.Equal(hashUpdated, restamp.ContainsKey(scheme.HashKey));
        if (hashUpdated)
        {
            Assert.Equal("today", restamp[scheme.HashKey]);
            Assert.False(scheme.Drifted("today", claim with { Annotations = restamp }));
        }
    }

    [Fact]
    public void Restamp_SameVersionOrUnknownHash_WritesNothing()
    {
        var scheme = StaticHash.NodeClass;

        Assert.Null(scheme.Restamp("today", Claim(scheme, "old", scheme.Version)));
        Assert.Null(scheme.Restamp(null, Claim(scheme, "old", "v0")));
    }
}
