using Extender.Core.Claims;
using Extender.Core.Reservations;
using Extender.Core.Resources;

namespace Extender.Core.Tests.Reservations;

public sealed class ReservationLedgerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static ReservedPod Share(string uid, DateTimeOffset at) =>
        new(new PodReference("default", uid, uid), ResourceList.Of(("cpu", 100)), at);

    [Fact]
    public void Expire_SomeSharesPastTtl_ReleasesAndReturnsThem()
    {
        var ledger = new ReservationLedger();
        ledger.Update(s => s.Reserve("c", [Share("old", T0), Share("new", T0.AddMinutes(5))]));

        var expired = ledger.Expire(T0.AddMinutes(10), TimeSpan.FromMinutes(10));

        Assert.Equal(["old"], expired.Select(p => p.Pod.Uid));
        Assert.False(ledger.Current.Holds("old"));
        Assert.True(ledger.Current.Holds("new"));
    }

    [Fact]
    public void ReleaseClaim_HeldClaim_ReturnsItsSharesForReplanning()
    {
        var ledger = new ReservationLedger();
        ledger.Update(s => s.Reserve("c", [Share("b", T0), Share("a", T0)]));

        var released = ledger.ReleaseClaim("c");

        Assert.Equal(["a", "b"], released.Select(p => p.Pod.Uid));
        Assert.Equal(0, ledger.Current.Count);
    }

    [Fact]
    public void Current_ReadWhileUpdating_SeesWholeSnapshots()
    {
        var ledger = new ReservationLedger();
        var before = ledger.Current;

        ledger.Update(s => s.Reserve("c", [Share("a", T0)]));

        Assert.Equal(0, before.Count);
        Assert.Equal(1, ledger.Current.Count);
    }

    /// <summary>A rebuild from claims (leadership changing hands) keeps what was deleted: a claim still naming the pod does not hold its room again.</summary>
    [Fact]
    public void Rebuild_ClaimStillNamingADeletedPod_HoldsNothingForIt()
    {
        var ledger = new ReservationLedger();
        var claim = new NodeClaim { Name = "c", NodePool = "default", NodeClass = "default", ReservedFor = [Share("gone", T0), Share("waiting", T0)] };
        ledger.Update(s => s.Merge(claim, _ => true, T0, TimeSpan.FromMinutes(20)).ReleaseDeleted(["gone"], T0.AddSeconds(1)));

        var rebuilt = ledger.Rebuild(_ => ReservationSnapshot.FromClaims([claim], _ => true, T0.AddSeconds(2), TimeSpan.FromMinutes(20)), []);

        Assert.False(rebuilt.Holds("gone"));
        Assert.True(rebuilt.Holds("waiting"));
        Assert.Equal(1, rebuilt.DeletedRemembered);
    }
}
