namespace Extender.Aws.Errors;

/// <summary>Capped exponential backoff with jitter, so that many callers throttled together do not return together.</summary>
internal sealed class ThrottleBackoff(TimeSpan baseDelay, TimeSpan maxDelay, Func<double> random)
{
    /// <summary>The delay before retry <paramref name="attempt"/> (1-based): uniformly within the upper half of the capped exponential.</summary>
    public TimeSpan Delay(int attempt)
    {
        var exponent = Math.Min(attempt - 1, 30);
        var ceiling = Math.Min(maxDelay.Ticks, baseDelay.Ticks * (1L << Math.Min(exponent, 20)));
        var jittered = (ceiling / 2) + (long)(ceiling / 2 * random());
        return TimeSpan.FromTicks(Math.Clamp(jittered, 1, maxDelay.Ticks));
    }
}
