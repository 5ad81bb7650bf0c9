using Extender.Core.Capacity;
using Extender.Core.Catalog;

namespace Extender.TestKit.Fakes.Capacity;

/// <summary>
/// A recording, scriptable <see cref="ICapacityProvider"/>: offerings can be scripted to have no capacity, launches to
/// fail or be throttled; a client token seen before returns the instance it bought, as EC2 does.
/// </summary>
public sealed class FakeCapacityProvider(TimeProvider time, IReadOnlyList<InstanceType>? catalog = null) : ICapacityProvider
{
    private readonly Lock _gate = new();
    private readonly HashSet<(string InstanceType, string Zone, string CapacityType)> _noCapacity = [];
    private readonly Queue<CapacityException> _failures = new();
    private readonly Dictionary<string, LaunchedInstance> _byToken = new(StringComparer.Ordinal);
    private readonly Dictionary<string, OwnedInstance> _live = new(StringComparer.Ordinal);
    private readonly List<LaunchRequest> _launches = [];
    private readonly List<string> _terminated = [];
    private int _nextInstance;

    public IReadOnlyList<InstanceType> Catalog { get; set; } = catalog ?? [];

    /// <summary>The image, subnet and security groups the next launches report (what drift compares with the node class).</summary>
    public (string Image, string Subnet, string[] SecurityGroups)? LaunchWith { get; set; }

    /// <summary>Runs at the start of every launch, before anything is bought: lets a test "kill the process" there.</summary>
    public Action<LaunchRequest>? BeforeLaunch { get; set; }

    /// <summary>Runs inside every launch, after the instance exists: lets a test "kill the process" at that point.</summary>
    public Action<LaunchRequest, LaunchedInstance>? AfterLaunch { get; set; }

    /// <summary>
    /// Awaited inside every launch once the instance exists, before the answer returns: lets a test hold a launch in
    /// flight (the cloud has bought, the caller has not heard yet).
    /// </summary>
    public Func<LaunchRequest, CancellationToken, Task>? LaunchGate { get; set; }

    public IReadOnlyList<LaunchRequest> Launches
    {
        get
        {
            lock (_gate)
            {
                return [.. _launches];
            }
        }
    }

    public IReadOnlyList<string> Terminated
    {
        get
        {
            lock (_gate)
            {
                return [.. _terminated];
            }
        }
    }

    public IReadOnlyList<OwnedInstance> LiveInstances
    {
        get
        {
            lock (_gate)
            {
                return [.. _live.Values.OrderBy(i => i.InstanceId, StringComparer.Ordinal)];
            }
        }
    }

    /// <summary>Scripts an insufficient-capacity answer for one offering until <see cref="RestoreCapacity"/>.</summary>
    public void RemoveCapacity(string instanceType, string zone, string capacityType = CapacityTypes.OnDemand)
    {
        lock (_gate)
        {
            _noCapacity.Add((instanceType, zone, capacityType));
        }
    }

    public void RestoreCapacity(string instanceType, string zone, string capacityType = CapacityTypes.OnDemand)
    {
        lock (_gate)
        {
            _noCapacity.Remove((instanceType, zone, capacityType));
        }
    }

    /// <summary>The next launch fails with <paramref name="kind"/> (queued: call again for more).</summary>
    public void FailNextLaunch(CapacityErrorKind kind, string message = "scripted failure")
    {
        lock (_gate)
        {
            _failures.Enqueue(new CapacityException(kind, message));
        }
    }

    /// <summary>An instance tagged as ours that no launch of this run bought (a leak, or one from a previous process).</summary>
    public OwnedInstance AddOwnedInstance(string? nodeClaimName, DateTimeOffset launchedAt)
    {
        lock (_gate)
        {
            var id = NextInstanceId();
            var instance = new OwnedInstance(id, $"aws:///us-east-1a/{id}", nodeClaimName, null, "running", launchedAt);
            _live[instance.ProviderId] = instance;
            return instance;
        }
    }

    /// <summary>
    /// The instance went away without us (spot reclaim, terminated in the console): with a <paramref name="state"/>
    /// (<c>shutting-down</c>, <c>terminated</c>) it is still listed in that state, without one it is no longer listed.
    /// </summary>
    public void LoseInstance(string providerId, string? state = null)
    {
        lock (_gate)
        {
            if (state is null)
            {
                _live.Remove(providerId);
            }
            else
            {
                _live[providerId] = _live[providerId] with { State = state };
            }
        }
    }

    public async Task<LaunchedInstance> LaunchAsync(LaunchRequest request, CancellationToken cancellationToken)
    {
        var launched = await LaunchNowAsync(request, cancellationToken);
        if (LaunchGate is { } gate)
        {
            await gate(request, cancellationToken);
        }

        return launched;
    }

    private Task<LaunchedInstance> LaunchNowAsync(LaunchRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        BeforeLaunch?.Invoke(request);
        LaunchedInstance launched;
        lock (_gate)
        {
            _launches.Add(request);
            if (_byToken.TryGetValue(request.ClientToken, out var existing))
            {
                launched = existing;
            }
            else
            {
                if (_failures.TryDequeue(out var failure))
                {
                    return Task.FromException<LaunchedInstance>(failure);
                }

                var option = request.Options.FirstOrDefault(o => !_noCapacity.Contains((o.InstanceType, o.Zone, o.CapacityType)));
                if (option is null)
                {
                    var unavailable = request.Options.Select(o => new UnavailableOffering(o.InstanceType, o.Zone, o.CapacityType)).ToList();
                    return Task.FromException<LaunchedInstance>(new CapacityException(
                        CapacityErrorKind.InsufficientCapacity, "InsufficientInstanceCapacity for every option", unavailable));
                }

                var id = NextInstanceId();
                launched = new LaunchedInstance(id, $"aws:///{option.Zone}/{id}", option.InstanceType, option.Zone, option.CapacityType, option.PricePerHour);
                _byToken[request.ClientToken] = launched;
                _live[launched.ProviderId] = new OwnedInstance(id, launched.ProviderId, request.NodeClaimName, request.NodePool, "running", time.GetUtcNow(),
                    LaunchWith?.Image, LaunchWith?.Subnet, LaunchWith?.SecurityGroups);
            }
        }

        AfterLaunch?.Invoke(request, launched);
        return Task.FromResult(launched);
    }

    public Task TerminateAsync(string providerId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            _terminated.Add(providerId);
            _live.Remove(providerId);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<OwnedInstance>> ListOwnedInstancesAsync(CancellationToken cancellationToken) =>
        Task.FromResult(LiveInstances);

    public Task<IReadOnlyList<InstanceType>> GetInstanceTypesAsync(CancellationToken cancellationToken) =>
        Task.FromResult(Catalog);

    private string NextInstanceId() => $"i-{++_nextInstance:x17}";
}
