namespace Extender.Kubernetes.Watching;

/// <summary>
/// Capped exponential backoff with jitter: the n-th retry in a row waits between half and all of
/// min(initial * 2^n, max), so replicas that lost the API server together do not return in lockstep.
/// The step outlives a successful list: it goes back to zero only when no retry was needed for
/// <c>resetAfter</c> after the last one began (client-go's reflector resets its backoff manager after two minutes
/// without a backoff). A list that succeeds in front of a watch that fails at once is not health; resetting there
/// made a broken watch re-list the whole resource at the initial delay, over and over.
/// </summary>
internal sealed class Backoff(TimeSpan initial, TimeSpan max, TimeSpan resetAfter, Random random)
{
    private const int MaxStep = 30;
    private int _step;
    private DateTimeOffset? _retryAt;

    /// <summary>The step the next <see cref="Next"/> uses unless the reset window has passed.</summary>
    public int Step => _step;

    /// <summary>The wait before retrying after a failure seen at <paramref name="now"/>; moves the step on.</summary>
    public TimeSpan Next(DateTimeOffset now)
    {
        if (_retryAt is { } previous && now - previous >= resetAfter)
        {
            _step = 0;
        }

        var delay = Delay(_step);
        _step = Math.Min(_step + 1, MaxStep);
        _retryAt = now + delay;
        return delay;
    }

    /// <summary>The jittered wait of step <paramref name="failures"/>, without changing any state.</summary>
    public TimeSpan Delay(int failures)
    {
        var exponent = Math.Clamp(failures, 0, MaxStep);
        var ceiling = Math.Min(initial.TotalMilliseconds * Math.Pow(2, exponent), max.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(ceiling * (0.5 + (random.NextDouble() * 0.5)));
    }
}
