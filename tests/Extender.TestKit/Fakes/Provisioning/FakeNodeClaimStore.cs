using Extender.Core.Claims;
using Extender.Provisioning.Ports;

namespace Extender.TestKit.Fakes.Provisioning;

/// <summary>
/// An in-memory NodeClaim store with the API server's behaviour that matters here: UIDs and creation times assigned
/// on create, 404 on a missing claim, a finalizer that keeps a deleted claim until <see cref="DeleteAsync"/>. A test
/// can make the next write fail, as a process killed at that point would leave things.
/// </summary>
public sealed class FakeNodeClaimStore(TimeProvider time) : INodeClaimStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, NodeClaim> _claims = new(StringComparer.Ordinal);
    private int _nextUid;

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
            _claims[name] = _claims[name] with { Deleting = true };
        }
    }

    public Task<IReadOnlyList<NodeClaim>> ListAsync(CancellationToken cancellationToken) => Task.FromResult(Claims);

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

    public Task DeleteAsync(string name, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _claims.Remove(name);
        }

        return Task.CompletedTask;
    }

    private NodeClaim Existing(string name) =>
        _claims.GetValueOrDefault(name) ?? throw new KeyNotFoundException($"nodeclaims \"{name}\" not found");
}
