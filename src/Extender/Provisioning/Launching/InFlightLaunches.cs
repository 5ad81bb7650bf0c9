using Microsoft.Extensions.Options;

namespace Extender.Provisioning.Launching;

/// <summary>
/// Launches run here, beside planning: a batch's claims and reservations are written down before its launches start,
/// so the next batch can be planned against them while the cloud answers. At most
/// <see cref="ProvisionerOptions.LaunchConcurrency"/> run at once. On shutdown they are given
/// <see cref="ProvisionerOptions.ShutdownTimeout"/> to record their result on the claim before they are cancelled.
/// </summary>
internal sealed class InFlightLaunches : IDisposable
{
    private readonly SemaphoreSlim _slots;
    private readonly CancellationTokenSource _abort = new();
    private readonly Lock _gate = new();
    private readonly ProvisionerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<InFlightLaunches> _logger;
    private TaskCompletionSource _idle = Completed();
    private int _running;

    public InFlightLaunches(IOptions<ProvisionerOptions> options, TimeProvider time, ILogger<InFlightLaunches> logger)
    {
        _options = options.Value;
        _time = time;
        _logger = logger;
        _slots = new SemaphoreSlim(_options.LaunchConcurrency, _options.LaunchConcurrency);
    }

    /// <summary>Launches now or once a slot frees up; returns at once.</summary>
    public void Start(string nodeClaim, Func<CancellationToken, Task> launch)
    {
        lock (_gate)
        {
            if (_running++ == 0)
            {
                _idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        // Never on the caller's thread: the planner holds its lock while it starts launches.
        _ = Task.Run(() => RunAsync(nodeClaim, launch), CancellationToken.None);
    }

    /// <summary>Completes when no launch is running.</summary>
    public Task WhenIdleAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return _idle.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Waits for the running launches to record their results, at most <see cref="ProvisionerOptions.ShutdownTimeout"/>;
    /// then cancels what is left and waits for it to unwind. A launch cut short leaves its claim unlaunched, and the
    /// next leader finishes it with the same client token, so it is never bought twice.
    /// </summary>
    public async Task DrainAsync()
    {
        var idle = WhenIdleAsync(CancellationToken.None);
        try
        {
            await idle.WaitAsync(_options.ShutdownTimeout, _time);
        }
        catch (TimeoutException)
        {
            ProvisionerLog.ShutdownTimedOut(_logger, _running, _options.ShutdownTimeout.TotalSeconds);
            await _abort.CancelAsync();
            await idle;
        }
    }

    public void Dispose()
    {
        _slots.Dispose();
        _abort.Dispose();
    }

    private static TaskCompletionSource Completed()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        done.SetResult();
        return done;
    }

    private async Task RunAsync(string nodeClaim, Func<CancellationToken, Task> launch)
    {
        var token = _abort.Token;
        try
        {
            await _slots.WaitAsync(token);
            try
            {
                await launch(token);
            }
            finally
            {
                _slots.Release();
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Cut short by shutdown: the claim stays unlaunched for the next leader.
        }
        catch (Exception ex)
        {
            // The claim keeps its reservations; the lifecycle loop launches it again with the same client token.
            ProvisionerLog.LaunchCrashed(_logger, nodeClaim, ex);
        }
        finally
        {
            lock (_gate)
            {
                if (--_running == 0)
                {
                    _idle.TrySetResult();
                }
            }
        }
    }
}
