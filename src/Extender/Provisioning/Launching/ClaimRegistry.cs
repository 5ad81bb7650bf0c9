using System.Collections.Concurrent;
using Extender.Core.Claims;

namespace Extender.Provisioning.Launching;

/// <summary>
/// The claims as this process last wrote them. Watches lag behind our own writes, so the planner and the lifecycle
/// loops read this, never the watch, to learn what was just launched.
/// </summary>
internal sealed class ClaimRegistry
{
    private readonly ConcurrentDictionary<string, NodeClaim> _claims = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _launching = new(StringComparer.Ordinal);

    /// <summary>Every claim, in name order.</summary>
    public IReadOnlyList<NodeClaim> All => [.. _claims.Values.OrderBy(c => c.Name, StringComparer.Ordinal)];

    public NodeClaim? Find(string name) => _claims.GetValueOrDefault(name);

    public NodeClaim? FindByProviderId(string providerId) => _claims.Values.FirstOrDefault(c => c.Status.ProviderId == providerId);

    public void Upsert(NodeClaim claim) => _claims[claim.Name] = claim;

    /// <summary>
    /// Changes one part of a claim atomically: a launch recording its status and a later batch's reservation onto the
    /// same claim may finish at the same time, and neither may undo the other. A claim not known yet is added as
    /// <paramref name="written"/>.
    /// </summary>
    public NodeClaim Update(NodeClaim written, Func<NodeClaim, NodeClaim> change) =>
        _claims.AddOrUpdate(written.Name, written, (_, current) => change(current));

    public void Remove(string name) => _claims.TryRemove(name, out _);

    public void Replace(IEnumerable<NodeClaim> claims)
    {
        _claims.Clear();
        foreach (var claim in claims)
        {
            _claims[claim.Name] = claim;
        }
    }

    /// <summary>Claims a launch slot so that a claim is never launched twice at once; false when one is running.</summary>
    public bool TryBeginLaunch(string name) => _launching.TryAdd(name, 0);

    public void EndLaunch(string name) => _launching.TryRemove(name, out _);
}
