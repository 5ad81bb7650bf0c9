using System.Net;
using Extender.Kubernetes.Client;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Extender.Kubernetes.Leadership;

/// <summary>
/// Leader election on a <c>coordination.k8s.io/v1</c> Lease, as client-go does it: the holder renews every retry
/// period; others take over only after they have seen the same renewal for a whole lease duration on their own clock
/// (so clock skew between replicas does not matter); every write carries the resourceVersion it read, so two
/// candidates cannot both win. Written against <see cref="TimeProvider"/> (KubernetesClient's LeaderElector reads
/// the wall clock), so hand-over can be tested with a fake clock.
/// </summary>
internal sealed class LeaseLeaderElector([FromKeyedServices(KubernetesLane.Leases)] IKubernetes client, IOptions<LeaderElectionOptions> options, TimeProvider time, ILogger<LeaseLeaderElector> logger)
    : BackgroundService, ILeaderStatus
{
    private readonly LeaderElectionOptions _options = options.Value;
    private string? _observedHolder;
    private DateTime? _observedRenewTime;
    private DateTimeOffset _observedAt;
    private DateTimeOffset _lastRenewed;
    private volatile bool _isLeader;
    private int _attempts;

    public event Action<bool>? LeadershipChanged;

    public bool IsLeader => _isLeader;

    public string Identity => _options.Identity;

    /// <summary>How many acquire-or-renew attempts have completed; tests step the fake clock by it.</summary>
    public int Attempts => Volatile.Read(ref _attempts);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled)
        {
            SetLeader(true);
            return;
        }

        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await AttemptAsync(stoppingToken);

                // The timer exists before the attempt is counted, so a test that sees the count can move its clock.
                var next = Task.Delay(NextDelay(), time, stoppingToken);
                Interlocked.Increment(ref _attempts);
                await next;
            }
        }
        catch (Exception e) when (stoppingToken.IsCancellationRequested && e is OperationCanceledException or HttpRequestException or HttpOperationException)
        {
            // Stopping: a call cut short by the stop may surface as a transport error rather than a cancellation,
            // and must not skip the release below.
        }

        // Stop acting as leader before the lease is free for another replica.
        var held = _isLeader;
        SetLeader(false, shuttingDown: true);
        if (held && _options.ReleaseOnShutdown)
        {
            await ReleaseAsync();
        }
    }

    /// <summary>
    /// A standby tries again when the holder's lease runs out as it observed it, rather than up to a retry period later:
    /// a leader that died (and so never gave the lease up) is then replaced one lease duration after its last renewal
    /// was seen, not up to <see cref="LeaderElectionOptions.RetryPeriod"/> after that.
    /// </summary>
    private TimeSpan NextDelay()
    {
        if (_isLeader || string.IsNullOrEmpty(_observedHolder) || _observedHolder == _options.Identity)
        {
            return _options.RetryPeriod;
        }

        var untilExpiry = _observedAt + _options.LeaseDuration - time.GetUtcNow();
        return untilExpiry > TimeSpan.Zero && untilExpiry < _options.RetryPeriod ? untilExpiry : _options.RetryPeriod;
    }

    private async Task AttemptAsync(CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        var timeout = AttemptTimeout(started);
        bool held;

        // Every attempt ends by the renew deadline (client-go bounds its renewals the same way): a leader's attempt
        // by the moment it must step down, so it can never still be waiting for a renewal while acting past it. The
        // timer runs on the injected clock, so a test can drive it.
        using var deadline = new CancellationTokenSource(timeout > TimeSpan.Zero ? timeout : Timeout.InfiniteTimeSpan, time);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            held = timeout > TimeSpan.Zero && await TryAcquireOrRenewAsync(started, attempt.Token);
        }
        catch (Exception e) when (e is HttpOperationException or HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            LeaderElectionLog.AttemptFailed(logger, e, _options.LeaseNamespace, _options.LeaseName);
            held = false;
        }

        if (held)
        {
            // The renewal counts from when the attempt began, not when its answer came: the other replicas start
            // their lease-duration clocks no earlier than the write, and the write came after this moment.
            _lastRenewed = started;
            SetLeader(true);
        }
        else if (_isLeader && time.GetUtcNow() - _lastRenewed >= _options.RenewDeadline)
        {
            SetLeader(false);
        }
    }

    /// <summary>A leader's attempt ends when its renew deadline does; a candidate's gets one renew deadline.</summary>
    private TimeSpan AttemptTimeout(DateTimeOffset now)
    {
        var left = _isLeader ? _lastRenewed + _options.RenewDeadline - now : _options.RenewDeadline;
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    private async Task<bool> TryAcquireOrRenewAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        V1Lease lease;
        try
        {
            lease = await client.CoordinationV1.ReadNamespacedLeaseAsync(_options.LeaseName, _options.LeaseNamespace, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return await WriteAsync(() => client.CoordinationV1.CreateNamespacedLeaseAsync(
                new V1Lease { Metadata = new V1ObjectMeta { Name = _options.LeaseName, NamespaceProperty = _options.LeaseNamespace }, Spec = Claim(null, now) },
                _options.LeaseNamespace,
                cancellationToken: cancellationToken));
        }

        var spec = lease.Spec ?? new V1LeaseSpec();
        if (spec.HolderIdentity != _observedHolder || spec.RenewTime != _observedRenewTime)
        {
            _observedHolder = spec.HolderIdentity;
            _observedRenewTime = spec.RenewTime;
            _observedAt = now;
        }

        var heldByOther = !string.IsNullOrEmpty(spec.HolderIdentity) && spec.HolderIdentity != _options.Identity;
        if (heldByOther && _observedAt + _options.LeaseDuration > now)
        {
            return false;
        }

        lease.Spec = Claim(spec, now);
        return await WriteAsync(() => client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, _options.LeaseName, _options.LeaseNamespace, cancellationToken: cancellationToken));
    }

    private V1LeaseSpec Claim(V1LeaseSpec? current, DateTimeOffset now)
    {
        var renewing = current?.HolderIdentity == _options.Identity;
        return new V1LeaseSpec
        {
            HolderIdentity = _options.Identity,
            LeaseDurationSeconds = (int)Math.Ceiling(_options.LeaseDuration.TotalSeconds),
            AcquireTime = renewing ? current!.AcquireTime : now.UtcDateTime,
            RenewTime = now.UtcDateTime,
            LeaseTransitions = renewing ? current!.LeaseTransitions : (current?.LeaseTransitions ?? -1) + 1,
        };
    }

    private static async Task<bool> WriteAsync(Func<Task<V1Lease>> write)
    {
        try
        {
            await write();
            return true;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            // Another candidate wrote first; try again next period with what it wrote.
            return false;
        }
    }

    private async Task ReleaseAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            var lease = await client.CoordinationV1.ReadNamespacedLeaseAsync(_options.LeaseName, _options.LeaseNamespace, cancellationToken: timeout.Token);
            if (lease.Spec?.HolderIdentity == _options.Identity)
            {
                lease.Spec.HolderIdentity = null;
                lease.Spec.LeaseDurationSeconds = 1;
                await client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, _options.LeaseName, _options.LeaseNamespace, cancellationToken: timeout.Token);
                LeaderElectionLog.Released(logger, _options.Identity, _options.LeaseNamespace, _options.LeaseName);
            }
        }
        catch (Exception e) when (e is HttpOperationException or HttpRequestException or OperationCanceledException)
        {
            LeaderElectionLog.AttemptFailed(logger, e, _options.LeaseNamespace, _options.LeaseName);
        }
    }

    private void SetLeader(bool leader, bool shuttingDown = false)
    {
        if (_isLeader == leader)
        {
            return;
        }

        _isLeader = leader;
        if (leader)
        {
            LeaderElectionLog.Acquired(logger, _options.Identity, _options.LeaseNamespace, _options.LeaseName);
        }
        else if (shuttingDown)
        {
            // Giving the lease up on the way out is the plan, not a warning an operator should chase.
            LeaderElectionLog.SteppedDown(logger, _options.Identity, _options.LeaseNamespace, _options.LeaseName);
        }
        else
        {
            LeaderElectionLog.Lost(logger, _options.Identity, _options.LeaseNamespace, _options.LeaseName);
        }

        LeadershipChanged?.Invoke(leader);
    }
}
