namespace Extender.Sandbox.Ec2;

/// <summary>
/// Scriptable misbehaviour: insufficient capacity for an offering during a time window, throttling at a rate (or of
/// the next N calls), and slow responses. Thread-safe; change it while the server runs.
/// </summary>
public sealed class SandboxEc2Faults(TimeProvider time, int seed)
{
    private readonly Lock _gate = new();
    private readonly List<(string Type, string? Zone, string CapacityType, DateTimeOffset From, DateTimeOffset Until)> _capacity = [];
    private readonly Random _dice = new(seed);
    private readonly Dictionary<string, long> _injected = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Func<Task>> _held = new(StringComparer.Ordinal);
    private int _throttleNext;

    /// <summary>Fraction (0..1) of calls answered with RequestLimitExceeded.</summary>
    public double ThrottleRate { get; set; }

    /// <summary>Added to every response.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>
    /// Fraction (0..1) of CreateFleet and TerminateInstances calls that are applied and then answered with a reset
    /// connection: the instance is bought (or terminated) and the caller cannot know.
    /// </summary>
    public double LostAnswerRate { get; set; }

    /// <summary>Fraction (0..1) of calls answered <see cref="SlowBy"/> late, past a client's timeout if it is shorter.</summary>
    public double SlowRate { get; set; }

    /// <summary>How late a slow answer is.</summary>
    public TimeSpan SlowBy { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Random faults handed out so far, by kind (<c>throttled</c>, <c>lost-answer</c>, <c>slow</c>).</summary>
    public IReadOnlyDictionary<string, long> Injected
    {
        get
        {
            lock (_gate)
            {
                return new SortedDictionary<string, long>(_injected, StringComparer.Ordinal);
            }
        }
    }

    /// <summary>Whether this call's answer is lost after it is applied (<see cref="LostAnswerRate"/>).</summary>
    public bool ShouldLoseAnswer(string action) => action is "CreateFleet" or "TerminateInstances" && Roll(LostAnswerRate, "lost-answer");

    /// <summary>
    /// The next successful <paramref name="action"/> is applied, then <paramref name="held"/> is awaited, then its answer
    /// is lost: a test acts at that exact point (kills the caller) while the caller still waits for its answer.
    /// </summary>
    public void LoseNextAnswer(string action, Func<Task> held)
    {
        lock (_gate)
        {
            _held[action] = held;
        }
    }

    /// <summary>What to await before losing this successful call's answer (<see cref="LoseNextAnswer"/>), once; null when nothing is armed.</summary>
    public Func<Task>? TakeHeld(string action)
    {
        lock (_gate)
        {
            return _held.Remove(action, out var held) ? held : null;
        }
    }

    /// <summary>How long this call is held before it is answered (<see cref="SlowRate"/>, then <see cref="Latency"/>).</summary>
    public TimeSpan Delay() => Roll(SlowRate, "slow") ? SlowBy : Latency;

    private bool Roll(double rate, string kind)
    {
        lock (_gate)
        {
            if (rate <= 0 || _dice.NextDouble() >= rate)
            {
                return false;
            }

            _injected[kind] = _injected.GetValueOrDefault(kind) + 1;
            return true;
        }
    }

    /// <summary>No capacity for <paramref name="instanceType"/> in <paramref name="zone"/> (every zone when null) from now for <paramref name="duration"/>.</summary>
    public void InsufficientCapacity(string instanceType, string? zone, string capacityType, TimeSpan duration)
    {
        var now = time.GetUtcNow();
        InsufficientCapacity(instanceType, zone, capacityType, now, now + duration);
    }

    /// <summary>No capacity for <paramref name="instanceType"/> in <paramref name="zone"/> (every zone when null) from <paramref name="from"/> until <paramref name="until"/>.</summary>
    public void InsufficientCapacity(string instanceType, string? zone, string capacityType, DateTimeOffset from, DateTimeOffset until)
    {
        lock (_gate)
        {
            _capacity.Add((instanceType, zone, capacityType, from, until));
        }
    }

    /// <summary>Throttles the next <paramref name="count"/> calls, whatever their action.</summary>
    public void ThrottleNext(int count) => Interlocked.Exchange(ref _throttleNext, count);

    public bool HasCapacity(string instanceType, string zone, string capacityType)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            return !_capacity.Exists(c => c.Type == instanceType && (c.Zone is null || c.Zone == zone) && c.CapacityType == capacityType && now >= c.From && now < c.Until);
        }
    }

    public bool ShouldThrottle()
    {
        for (var left = Volatile.Read(ref _throttleNext); left > 0; left = Volatile.Read(ref _throttleNext))
        {
            if (Interlocked.CompareExchange(ref _throttleNext, left - 1, left) == left)
            {
                return true;
            }
        }

        return Roll(ThrottleRate, "throttled");
    }
}
