using k8s.Models;

namespace Extender.Sandbox.Controllers;

/// <summary>
/// Upstream's <c>UIDTrackingControllerExpectations</c>: the creations and deletions a controller has asked for and
/// not yet seen in its cache. While some are outstanding the controller does not act on the count it sees (it would
/// create or delete twice); they lapse after five minutes, as upstream's, in case a watch event was lost.
/// </summary>
internal sealed class Expectations(TimeProvider time)
{
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(5);
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public bool Satisfied(string controller)
    {
        lock (_gate)
        {
            return !_entries.TryGetValue(controller, out var entry)
                || (entry.Adds <= 0 && entry.Deletions.Count == 0)
                || time.GetUtcNow() - entry.SetAt > Ttl;
        }
    }

    public void ExpectCreations(string controller, int count)
    {
        lock (_gate)
        {
            _entries[controller] = new Entry(count, new HashSet<string>(StringComparer.Ordinal), time.GetUtcNow());
        }
    }

    public void ExpectDeletions(string controller, IEnumerable<string> podKeys)
    {
        lock (_gate)
        {
            _entries[controller] = new Entry(0, new HashSet<string>(podKeys, StringComparer.Ordinal), time.GetUtcNow());
        }
    }

    public void CreationObserved(string controller)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(controller, out var entry))
            {
                entry.Adds--;
            }
        }
    }

    /// <summary>Counts a deletion once per pod, whether its deletionTimestamp or its removal is seen first.</summary>
    public void DeletionObserved(string controller, string podKey)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(controller, out var entry))
            {
                entry.Deletions.Remove(podKey);
            }
        }
    }

    /// <summary>
    /// A watch event of a pod <paramref name="controller"/> controls, as every pod-creating controller's pod handler
    /// counts it: its appearance is a creation seen, its removal or the start of its deletion a deletion seen.
    /// </summary>
    public void PodObserved(string controller, V1Pod? old, V1Pod? current)
    {
        if (old is null && current is not null)
        {
            CreationObserved(controller);
        }
        else if (current is null || (current.Metadata.DeletionTimestamp is not null && old?.Metadata.DeletionTimestamp is null))
        {
            DeletionObserved(controller, ObjectCache<V1Pod>.Key(current ?? old!));
        }
    }

    public void Forget(string controller)
    {
        lock (_gate)
        {
            _entries.Remove(controller);
        }
    }

    private sealed class Entry(int adds, HashSet<string> deletions, DateTimeOffset setAt)
    {
        public int Adds { get; set; } = adds;

        public HashSet<string> Deletions { get; } = deletions;

        public DateTimeOffset SetAt { get; } = setAt;
    }
}
