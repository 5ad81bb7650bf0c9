namespace Extender.Tests.Soak;

/// <summary>Where in its work the provisioning leader is killed (issue 23's kill points), taken in turn.</summary>
internal enum KillPoint
{
    /// <summary>A NodeClaim create applied by the API server, its answer not yet back: between claim write and launch.</summary>
    AfterClaimWrite,

    /// <summary>A CreateFleet applied by EC2, its answer not yet back: between launch and record.</summary>
    AfterLaunch,

    /// <summary>An eviction applied by the API server, its answer not yet back: in the middle of a drain.</summary>
    MidDrain,

    /// <summary>Whatever it is doing when the timer fires.</summary>
    AtRandom,
}

/// <summary>
/// Holds one request at a kill point: the server applies it, awaits <see cref="HeldAsync"/> (which says it was reached
/// and waits to be let go), and then loses the answer. Abandoned (the point not reached in time), it lets the request
/// go at once, so a late arrival is only a lost answer.
/// </summary>
internal sealed class Tripwire(KillPoint point, TimeSpan deadline)
{
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public KillPoint Point { get; } = point;

    /// <summary>When the soak stops waiting for the point and kills at random instead.</summary>
    public TimeSpan Deadline { get; } = deadline;

    public Task Reached => _reached.Task;

    public async Task HeldAsync()
    {
        if (_released.Task.IsCompleted)
        {
            return;
        }

        _reached.TrySetResult();
        // Bounded, so that a soak that failed on the way cannot hold a server request for ever.
        await Task.WhenAny(_released.Task, Task.Delay(TimeSpan.FromSeconds(30)));
    }

    public void Release() => _released.TrySetResult();
}

/// <summary>The system clock, off by <paramref name="skew"/>: a replica on a node whose clock drifted.</summary>
internal sealed class SkewedClock(TimeSpan skew) : TimeProvider
{
    public TimeSpan Skew { get; } = skew;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Skew;
}
