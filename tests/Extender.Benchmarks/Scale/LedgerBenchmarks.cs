using BenchmarkDotNet.Attributes;
using Extender.Core.Claims;
using Extender.Core.Reservations;
using Extender.Core.Resources;

namespace Extender.Benchmarks.Scale;

/// <summary>
/// The reservation ledger in a 10,000-pod burst (issue 24): 200 claims of 50 pods each, every claim on a registered
/// node. <see cref="BindEveryPod"/> releases the pods one at a time as the pod watch does when each binds (10,000
/// ledger changes); <see cref="ReserveClaim"/> adds one claim's 50 pods to the full ledger, as a batch does; the
/// reads are the filter's per call (<see cref="ReadsOfOneFilterCall"/>: the pod's claim and node, and the room held
/// on one node), so that a cheaper change is not paid for on the hot path.
/// </summary>
[MemoryDiagnoser]
public class LedgerBenchmarks
{
    private const int Claims = 200;
    private const int PodsPerClaim = 50;
    private static readonly ResourceList Demand = ResourceList.Of(("cpu", 500), ("memory", 1L << 30));

    private ReservationSnapshot _full = ReservationSnapshot.Empty;
    private readonly ReservationLedger _ledger = new();
    private ReservedPod[] _nextClaim = [];
    private int _read;

    [GlobalSetup]
    public void Setup()
    {
        var at = DateTimeOffset.UnixEpoch;
        var snapshot = ReservationSnapshot.Empty;
        for (var c = 0; c < Claims; c++)
        {
            snapshot = snapshot.Reserve(Claim(c), Enumerable.Range(0, PodsPerClaim).Select(p => Share(c, p, at))).AttachNode(Claim(c), $"node-{c:D4}");
        }

        _full = snapshot;
        _nextClaim = [.. Enumerable.Range(0, PodsPerClaim).Select(p => Share(Claims, p, at))];
    }

    [IterationSetup(Target = nameof(BindEveryPod))]
    public void Fill() => _ledger.Update(_ => _full);

    /// <summary>10,000 bindings, each releasing its pod's share.</summary>
    [Benchmark(OperationsPerInvoke = Claims * PodsPerClaim)]
    public ReservationSnapshot BindEveryPod()
    {
        for (var c = 0; c < Claims; c++)
        {
            for (var p = 0; p < PodsPerClaim; p++)
            {
                var uid = Uid(c, p);
                _ledger.Update(s => s.ReleasePods([uid]));
            }
        }

        return _ledger.Current;
    }

    [Benchmark]
    public ReservationSnapshot ReserveClaim() => _full.Reserve(Claim(Claims), _nextClaim);

    [Benchmark]
    public long ReadsOfOneFilterCall()
    {
        var c = _read++ % Claims;
        var uid = Uid(c, c % PodsPerClaim);
        var claim = _full.ClaimOf(uid);
        var node = _full.ReservedNodeOf(uid);
        var held = _full.OnClaim(claim!)!.Total;
        return held["cpu"] + (node is null ? 0 : 1) + (_full.Holds(uid) ? 1 : 0);
    }

    private static string Claim(int c) => $"claim-{c:D4}";

    private static string Uid(int c, int p) => $"pod-{c:D4}-{p:D2}";

    private static ReservedPod Share(int c, int p, DateTimeOffset at) => new(new PodReference("default", Uid(c, p), Uid(c, p)), Demand, at);
}
