namespace Extender.Sandbox.Scheduling;

/// <summary>One pod in the <see cref="SchedulingQueue"/>; mutable, guarded by the queue's lock.</summary>
internal sealed class QueueEntry(string uid, int priority, DateTimeOffset createdAt)
{
    /// <summary>Priority desc, then creation, then uid: a total order, as the queue sort plugin (PrioritySort) uses.</summary>
    public static readonly IComparer<QueueEntry> QueueOrder = Comparer<QueueEntry>.Create(static (a, b) =>
    {
        var byPriority = b.Priority.CompareTo(a.Priority);
        if (byPriority != 0)
        {
            return byPriority;
        }

        var byAge = a.CreatedAt.CompareTo(b.CreatedAt);
        return byAge != 0 ? byAge : string.CompareOrdinal(a.Uid, b.Uid);
    });

    public string Uid => uid;

    public int Priority => priority;

    public DateTimeOffset CreatedAt => createdAt;

    public QueueState State { get; set; } = QueueState.Active;

    public int Failures { get; set; }

    public DateTimeOffset ReadyAt { get; set; }

    public long PoppedAtEpoch { get; set; }
}
