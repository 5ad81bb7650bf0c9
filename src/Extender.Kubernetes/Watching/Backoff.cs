namespace Extender.Kubernetes.Watching;

/// <summary>
/// Capped exponential backoff with jitter: the n-th consecutive failure waits between half and all of
/// min(initial * 2^n, max), so replicas that lost the API server together do not return in lockstep.
/// </summary>
internal sealed class Backoff(TimeSpan initial, TimeSpan max, Random random)
{
    public TimeSpan Delay(int failures)
    {
        var exponent = Math.Clamp(failures, 0, 30);
        var ceiling = Math.Min(initial.TotalMilliseconds * Math.Pow(2, exponent), max.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(ceiling * (0.5 + (random.NextDouble() * 0.5)));
    }
}
