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
    private int _throttleNext;

    /// <summary>Fraction (0..1) of calls answered with RequestLimitExceeded.</summary>
    public double ThrottleRate { get; set; }

    /// <summary>Added to every response.</summary>
    public TimeSpan Latency { get; set; }

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

        lock (_gate)
        {
            return ThrottleRate > 0 && _dice.NextDouble() < ThrottleRate;
        }
    }
}
