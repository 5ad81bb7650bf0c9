using Amazon.Runtime;
using Extender.Core.Capacity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Extender.Aws.Errors;

/// <summary>
/// Runs every EC2 call: classifies failures once into <see cref="CapacityException"/> and absorbs throttling with a
/// capped, jittered backoff driven by the injected <see cref="TimeProvider"/>.
/// </summary>
internal sealed class Ec2Caller
{
    private readonly TimeProvider _time;
    private readonly ILogger<Ec2Caller> _logger;
    private readonly ThrottleBackoff _backoff;
    private readonly int _maxAttempts;
    private readonly TimeSpan _callBound;

    public Ec2Caller(TimeProvider time, IOptions<AwsCapacityOptions> options, ILogger<Ec2Caller> logger)
    {
        _time = time;
        _logger = logger;
        var o = options.Value;
        _backoff = new ThrottleBackoff(o.ThrottleBaseDelay, o.ThrottleMaxDelay, Random.Shared.NextDouble);
        _maxAttempts = o.ThrottleMaxAttempts;
        _callBound = o.RequestTimeout * (o.MaxErrorRetry + 1);
    }

    public async Task<T> CallAsync<T>(string action, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // Besides the SDK's own timeout and token (which cover the body too, see ResponseBufferingHandler): the
                // whole call, the SDK's retries included, ends at this bound, and at once on cancellation.
                // On the wall clock, like the SDK's timeout: it bounds real I/O, not the backoff the injected clock drives.
                return await call(cancellationToken).WaitAsync(_callBound, TimeProvider.System, cancellationToken);
            }
            catch (AmazonServiceException e) when (!cancellationToken.IsCancellationRequested)
            {
                var rule = Ec2ErrorTable.Classify(e.ErrorCode);
                if (rule.Kind == CapacityErrorKind.Throttled && attempt < _maxAttempts)
                {
                    var delay = _backoff.Delay(attempt);
                    AwsLog.Throttled(_logger, action, e.ErrorCode, attempt, delay.TotalMilliseconds);
                    await Task.Delay(delay, _time, cancellationToken);
                    continue;
                }

                throw new CapacityException(rule.Kind, Describe(action, e), inner: e);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is AmazonClientException or HttpRequestException or OperationCanceledException or TimeoutException)
            {
                // A timeout surfaces as a cancellation the caller did not ask for: a transient failure, not a shutdown.
                throw new CapacityException(CapacityErrorKind.Transient, $"{action}: {e.Message}", inner: e);
            }
        }
    }

    private static string Describe(string action, AmazonServiceException e) =>
        string.IsNullOrEmpty(e.ErrorCode)
            ? $"{action}: HTTP {(int)e.StatusCode}: {e.Message}"
            : $"{action}: {e.ErrorCode}: {e.Message}";
}
