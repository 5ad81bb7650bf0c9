using Extender.Core.Cluster;
using Extender.Core.Consolidation;
using Extender.Core.Simulation;
using Extender.Sandbox.Demo;

namespace Extender.Simulation;

/// <summary>
/// Integrates what the simulation does into the report: cost exactly (a step function of launches and terminations),
/// the lower bound as a step function of the samples (each holds until the next: a column-generation LP per event
/// would cost more than the rest of the simulation), node and pod lifetimes, waits, evictions and the sampled curve.
/// </summary>
internal sealed class SimulationRecorder(CostBound bound, DateTimeOffset start)
{
    private readonly List<double> _waits = [];
    private readonly List<SimulationSample> _samples = [];
    private readonly SortedDictionary<string, int> _disruptions = new(StringComparer.Ordinal);
    private DateTimeOffset _last = start;
    private decimal _costDollars;
    private decimal _boundDollars;
    private double _nodeHours;
    private double _podHours;
    private int _created;
    private int _launched;
    private int _evictions;
    private readonly SortedDictionary<string, MoveStats> _moves = new(StringComparer.Ordinal);

    // Each evicted pod's last eviction and the kind of move that made it: what a second eviction or an early departure is charged to.
    private readonly Dictionary<string, (DateTimeOffset At, MoveStats By)> _lastEvicted = new(StringComparer.Ordinal);

    /// <summary>How soon after an eviction a second one, or the pod leaving on its own, counts against the move (<see cref="MoveStats"/>).</summary>
    public static readonly TimeSpan Soon = TimeSpan.FromMinutes(30);

    public decimal CostPerHour { get; private set; }
    public int Nodes { get; private set; }
    public int LivePods { get; private set; }

    /// <summary>The bound for the live pods at the last sample.</summary>
    public decimal BoundPerHour { get; private set; }

    /// <summary>Accounts for the time since the last event, at the rates that held during it; call before changing anything.</summary>
    public void Advance(DateTimeOffset to)
    {
        var hours = (to - _last).TotalHours;
        if (hours <= 0)
        {
            return;
        }

        _costDollars += CostPerHour * (decimal)hours;
        _boundDollars += BoundPerHour * (decimal)hours;
        _nodeHours += Nodes * hours;
        _podHours += LivePods * hours;
        _last = to;
    }

    public void PodCreated()
    {
        _created++;
        LivePods++;
    }

    public void PodGone(string uid, DateTimeOffset now)
    {
        LivePods--;
        if (_lastEvicted.Remove(uid, out var last) && now - last.At <= Soon)
        {
            last.By.LeftSoon++;
        }
    }

    public void Bound(TimeSpan waited) => _waits.Add(waited.TotalSeconds);

    public void Evicted() => _evictions++;

    /// <summary>Counts a consolidation by kind: its evictions, what it saves, and its pods that another move evicted within <see cref="Soon"/>.</summary>
    public void Moved(ConsolidationMove move, DateTimeOffset now)
    {
        var kind = move.Candidates.Count > 1 ? "multi" : move.IsDelete ? "delete" : "replace";
        var stats = _moves.TryGetValue(kind, out var found) ? found : _moves[kind] = new MoveStats();
        stats.Moves++;
        stats.Evictions += move.Displaced.Count;
        stats.SavingsPerHour += move.SavingsPerHour;
        foreach (var pod in move.Displaced)
        {
            if (_lastEvicted.TryGetValue(pod.Uid, out var last) && now - last.At <= Soon)
            {
                stats.EvictedAgain++;
            }

            _lastEvicted[pod.Uid] = (now, stats);
        }
    }

    public void Launched(decimal pricePerHour)
    {
        _launched++;
        Nodes++;
        CostPerHour += pricePerHour;
    }

    public void Terminated(decimal pricePerHour, string reason)
    {
        Nodes--;
        CostPerHour -= pricePerHour;
        _disruptions[reason] = _disruptions.GetValueOrDefault(reason) + 1;
    }

    /// <param name="at">Since the start.</param>
    /// <param name="pending">Pods waiting for a node.</param>
    /// <param name="live">Every pod alive now, pending ones included.</param>
    public void Sample(TimeSpan at, int pending, IEnumerable<Pod> live)
    {
        BoundPerHour = bound.CostPerHour(live);
        _samples.Add(new SimulationSample(at.TotalMinutes, CostPerHour, BoundPerHour, pending, Nodes, LivePods));
    }

    public SimulationReport Report(TimeSpan duration) => new()
    {
        SimulatedHours = duration.TotalHours,
        PodsCreated = _created,
        NodesLaunched = _launched,
        NodeHours = Math.Round(_nodeHours, 2),
        Cost = Math.Round(_costDollars, 2),
        Bound = Math.Round(_boundDollars, 2),
        PendingSeconds = Percentiles.Of(_waits),
        Evictions = _evictions,
        PodDays = Math.Round(_podHours / 24, 2),
        Disruptions = _disruptions,
        Moves = _moves,
        Samples = _samples,
    };
}
