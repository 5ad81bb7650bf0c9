namespace Extender.Sandbox.Kubernetes;

/// <summary>Holds injected faults and hands each out the number of times it was asked for; then, with <see cref="ApiChaos"/> set, random ones.</summary>
internal sealed class FaultInjector
{
    private static readonly Fault[] ChaosKinds =
    [
        new(null, "", 500), new(null, "", 503), new(null, "", 429),
        new(null, "", 409),
        new(null, "", 0) { Reset = FaultReset.BeforeHandling },
        new(null, "", 0) { Reset = FaultReset.AfterHandling },
        new(null, "", 0),
    ];

    private readonly Lock _gate = new();
    private readonly List<(Fault Fault, int Left)> _faults = [];
    private readonly Dictionary<string, long> _injected = new(StringComparer.Ordinal);
    private ApiChaos? _chaos;
    private Random _dice = new(0);

    public ApiChaos? Chaos
    {
        get
        {
            lock (_gate)
            {
                return _chaos;
            }
        }

        set
        {
            lock (_gate)
            {
                _chaos = value;
                _dice = new Random(value?.Seed ?? 0);
            }
        }
    }

    /// <summary>Random faults handed out so far, by kind (<c>500</c>, <c>reset-before</c>, <c>slow</c>, ...).</summary>
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

    public void Add(Fault fault)
    {
        lock (_gate)
        {
            _faults.Add((fault, fault.Times));
        }
    }

    /// <param name="method">The request's HTTP method.</param>
    /// <param name="path">The request's path.</param>
    /// <param name="watch">Whether the request opens a watch (never failed at random).</param>
    /// <param name="user">The authenticated user's name, null when the token is unknown.</param>
    /// <param name="taken">The fault to apply.</param>
    public bool TryTake(string method, string path, bool watch, string? user, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Fault? taken)
    {
        lock (_gate)
        {
            var index = _faults.FindIndex(f => (f.Fault.Method is null || string.Equals(f.Fault.Method, method, StringComparison.OrdinalIgnoreCase))
                && path.Contains(f.Fault.PathContains, StringComparison.Ordinal));
            if (index < 0)
            {
                taken = watch ? null : RandomFault(method, user);
                return taken is not null;
            }

            var (fault, left) = _faults[index];
            taken = fault;
            if (left <= 1)
            {
                _faults.RemoveAt(index);
            }
            else
            {
                _faults[index] = (fault, left - 1);
            }

            return true;
        }
    }

    private Fault? RandomFault(string method, string? user)
    {
        if (_chaos is not { } chaos || (chaos.User is { } who && user?.Contains(who, StringComparison.Ordinal) != true) || _dice.NextDouble() >= chaos.Rate)
        {
            return null;
        }

        var fault = ChaosKinds[_dice.Next(ChaosKinds.Length)];
        var update = method is "PUT" or "PATCH";
        if (fault.StatusCode == 409 && !update)
        {
            // A conflict is what a stale resourceVersion gets; a create or read never gets one for no reason.
            fault = ChaosKinds[0];
        }

        fault = fault is { StatusCode: 0, Reset: FaultReset.None } ? fault with { Delay = chaos.SlowBy } : fault;
        var kind = fault.Reset switch
        {
            FaultReset.BeforeHandling => "reset-before",
            FaultReset.AfterHandling => "reset-after",
            _ => fault.StatusCode == 0 ? "slow" : fault.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        _injected[kind] = _injected.GetValueOrDefault(kind) + 1;
        return fault;
    }
}
