using Extender.Core.Claims;
using Extender.Provisioning.Ports;

namespace Extender.TestKit.Fakes.Provisioning;

/// <summary>
/// An in-memory NodeClaim store with the API server's behaviour that matters here: UIDs and creation times assigned
/// on create, 404 on a missing claim, a finalizer that keeps a deleted claim until <see cref="DeleteAsync"/>. A test
/// can make the next write fail, as a process killed at that point would leave things, or make every status write of
/// one claim fail. The watch cache shows the stored claims, except those a test hides as a lagging watch would.
/// </summary>
public sealed class FakeNodeClaimStore(TimeProvider time) : INodeClaimStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, NodeClaim> _claims = new(StringComparer.Ordinal);
    private readonly HashSet<string> _hiddenFromCache = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Exception> _failingStatus = new(StringComparer.Ordinal);
    private int _nextUid;
    private int _lists;
    private int _gets;

    /// <summary>Thrown by the next status update (once), after which the store is unchanged.</summary>
    public Exception? FailNextStatusUpdate { get; set; }

    public IReadOnlyList<NodeClaim> Claims
    {
        get
        {
            lock (_gate)
            {
                return [.. _claims.Values.OrderBy(c => c.Name, StringComparer.Ordinal)];
            }
        }
    }

    public NodeClaim? Find(string name)
    {
        lock (_gate)
        {
            return _claims.GetValueOrDefault(name);
        }
    }

    /// <summary>Someone ran <c>kubectl delete nodeclaim</c>: the finalizer keeps it, marked deleting.</summary>
    public void RequestDeletion(string name)
    {
        lock (_gate)
        {
            _claims[name] = _claims[name] with { DeletedAt = time.GetUtcNow() };
        }
    }

    /// <summary>Live lists so far (the watch cache is free; a live list is what the API server pays for).</summary>
    public int Lists => Volatile.Read(ref _lists);

    /// <summary>Live reads of one claim so far.</summary>
    public int Gets => Volatile.Read(ref _gets);

    /// <summary>The watch has not delivered <paramref name="name"/> (yet): <see cref="FindCached"/> does not see it.</summary>
    public void HideFromCache(string name)
    {
        lock (_gate)
        {
            _hiddenFromCache.Add(name);
        }
    }

    /// <summary>Every status write of <paramref name="name"/> throws <paramref name="failure"/> until the claim is deleted.</summary>
    public void FailStatusUpdatesOf(string name, Exception failure)
    {
        lock (_gate)
        {
            _failingStatus[name] = failure;
        }
    }

    public Task<IReadOnlyList<NodeClaim>> ListAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _lists);
        return Task.FromResult(Claims);
    }

    public IReadOnlyList<NodeClaim> ListCached()
    {
        lock (_gate)
        {
            return [.. _claims.Values.Where(c => !_hiddenFromCache.Contains(c.Name)).OrderBy(c => c.Name, StringComparer.Ordinal)];
        }
    }

    public NodeClaim? FindCached(string name)
    {
        lock (_gate)
        {
            return _hiddenFromCache.Contains(name) ? null : _claims.GetValueOrDefault(name);
        }
    }

    public Task<NodeClaim?> GetAsync(string name, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _gets);
        return Task.FromResult(Find(name));
    }

    public Task<NodeClaim> CreateAsync(NodeClaim claim, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_claims.ContainsKey(claim.Name))
            {
                throw new InvalidOperationException($"nodeclaims \"{claim.Name}\" already exists");
            }

            var created = claim with { Uid = $"00000000-0000-0000-0000-{++_nextUid:d12}", CreatedAt = time.GetUtcNow() };
            _claims[claim.Name] = created;
            return Task.FromResult(created);
        }
    }

    /// <summary>Claims sent down the create path as a dry run (never stored).</summary>
    public int DryRuns { get; private set; }

    public Task WarmUpCreateAsync(NodeClaim claim, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            DryRuns++;
        }

        return Task.CompletedTask;
    }

    /// <summary>Awaited before every status write: lets a test hold one back, as a busy API server does.</summary>
    public Func<string, CancellationToken, Task>? StatusUpdateGate { get; set; }

    public async Task<NodeClaim> UpdateStatusAsync(string name, NodeClaimStatus status, CancellationToken cancellationToken)
    {
        if (StatusUpdateGate is { } gate)
        {
            await gate(name, cancellationToken);
        }

        return await UpdateStatusNowAsync(name, status);
    }

    private Task<NodeClaim> UpdateStatusNowAsync(string name, NodeClaimStatus status)
    {
        lock (_gate)
        {
            if (FailNextStatusUpdate is { } failure)
            {
                FailNextStatusUpdate = null;
                return Task.FromException<NodeClaim>(failure);
            }

            if (_failingStatus.TryGetValue(name, out var always))
            {
                return Task.FromException<NodeClaim>(always);
            }

            var updated = Existing(name) with { Status = status };
            _claims[name] = updated;
            return Task.FromResult(updated);
        }
    }

    public Task<NodeClaim> AddReservedForAsync(string name, IReadOnlyList<ReservedPod> pods, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var existing = Existing(name);
            var updated = existing with { ReservedFor = [.. existing.ReservedFor, .. pods] };
            _claims[name] = updated;
            return Task.FromResult(updated);
        }
    }

    public Task<NodeClaim> TakeSlotAsync(string name, string slotUid, ReservedPod hold, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var existing = Existing(name);
            var updated = existing with { ReservedFor = [.. existing.ReservedFor.Select(r => r.Pod.Uid == slotUid ? hold : r)] };
            _claims[name] = updated;
            return Task.FromResult(updated);
        }
    }

    public Task<NodeClaim> AnnotateAsync(string name, IReadOnlyDictionary<string, string> annotations, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var existing = Existing(name);
            var merged = new Dictionary<string, string>(existing.Annotations, StringComparer.Ordinal);
            foreach (var (key, value) in annotations)
            {
                merged[key] = value;
            }

            var updated = existing with { Annotations = merged };
            _claims[name] = updated;
            return Task.FromResult(updated);
        }
    }

    public Task RequestDeletionAsync(string name, CancellationToken cancellationToken)
    {
        RequestDeletion(name);
        return Task.CompletedTask;
    }

    public Task DeleteAsync(string name, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _claims.Remove(name);
            _failingStatus.Remove(name);
        }

        return Task.CompletedTask;
    }

    private NodeClaim Existing(string name) =>
        _claims.GetValueOrDefault(name) ?? throw new KeyNotFoundException($"nodeclaims \"{name}\" not found");
}
