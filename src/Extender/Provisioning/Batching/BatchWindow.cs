namespace Extender.Provisioning.Batching;

/// <summary>
/// When an open batch closes: <see cref="Idle"/> after the last arrival, but never later than <see cref="Max"/> after
/// the first.
/// </summary>
internal readonly record struct BatchWindow(DateTimeOffset OpenedAt, DateTimeOffset LastArrivalAt, TimeSpan Idle, TimeSpan Max)
{
    public static BatchWindow Open(DateTimeOffset now, BatchingOptions options) => new(now, now, options.IdleWindow, options.MaxWindow);

    public BatchWindow Arrived(DateTimeOffset at) => this with { LastArrivalAt = at };

    /// <summary>How long the batch stays open after <paramref name="now"/>; zero or less means it is closed.</summary>
    public TimeSpan RemainingAt(DateTimeOffset now)
    {
        var idleEnd = LastArrivalAt + Idle;
        var hardEnd = OpenedAt + Max;
        return (idleEnd < hardEnd ? idleEnd : hardEnd) - now;
    }
}
