namespace Extender.Core.Interruption;

/// <summary>
/// Decides when an impaired instance is replaced: only once it has been reported impaired in every check for at least
/// the toleration, because EC2's checks also fail briefly (a reboot, a short network loss) and replacing a node is
/// not free. An instance that passes a check starts over; once <see cref="Answered"/>, an instance is not due again
/// while it stays impaired.
/// </summary>
public sealed class ImpairmentTracker(TimeSpan toleration)
{
    private readonly Dictionary<string, DateTimeOffset> _since = new(StringComparer.Ordinal);
    private readonly HashSet<string> _answered = new(StringComparer.Ordinal);

    /// <summary>Records one check's result at <paramref name="now"/>; returns the instances due for replacement.</summary>
    public IReadOnlyList<ImpairedInstance> Observe(IReadOnlyCollection<ImpairedInstance> impaired, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(impaired);
        var current = impaired.Select(i => i.InstanceId).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in _since.Keys.Where(id => !current.Contains(id)).ToList())
        {
            _since.Remove(gone);
        }

        _answered.IntersectWith(current);
        var due = new List<ImpairedInstance>();
        foreach (var instance in impaired)
        {
            if (!_since.TryGetValue(instance.InstanceId, out var since))
            {
                _since[instance.InstanceId] = since = now;
            }

            if (now - since >= toleration && !_answered.Contains(instance.InstanceId))
            {
                due.Add(instance);
            }
        }

        return due;
    }

    /// <summary>The instance's replacement was requested; a failed request leaves it due on the next check.</summary>
    public void Answered(string instanceId) => _answered.Add(instanceId);
}
