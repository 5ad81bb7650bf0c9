using Extender.Aws.NodeClasses;
using Extender.Kubernetes.CustomResources;
using Extender.Kubernetes.State;
using Extender.Provisioning.Launching;
using Extender.Wiring;
using Microsoft.Extensions.Options;

namespace Extender.NodeClasses;

/// <summary>
/// Each EC2NodeClass resolved once per spec (its <c>generation</c>) and again on resync, kept in memory: the planner
/// asks per batch which classes are ready and gets the answer from here without a call to EC2. Concurrent askers of a
/// class not yet resolved share one resolution.
/// </summary>
internal sealed class NodeClassReadiness(
    IObjectCache<EC2NodeClass> classes,
    IEc2NodeClassResolver resolver,
    IHostApplicationLifetime lifetime,
    IOptions<NodeClassStatusOptions> options,
    TimeProvider time,
    ILogger<NodeClassReadiness> logger)
{
    /// <summary>The condition that says EC2 could not be asked at all, as opposed to a selector that matched nothing.</summary>
    public const string ResolvedCondition = "Resolved";

    /// <summary>The condition that says the spec itself is invalid beyond what the CRD schema checks (Karpenter's <c>ValidationSucceeded</c>).</summary>
    public const string ValidCondition = "ValidationSucceeded";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Resolution> _resolutions = new(StringComparer.Ordinal);

    /// <summary>The class's state for its current spec; resolves it only if it never was (or its last try failed and may be retried).</summary>
    public Task<NodeClassState> GetAsync(string name, CancellationToken cancellationToken) => GetAsync(name, resync: false, cancellationToken);

    /// <summary>As <see cref="GetAsync(string, CancellationToken)"/>, and resolves again when the last resolution is older than the resync interval.</summary>
    public Task<NodeClassState> ResyncAsync(string name, CancellationToken cancellationToken) => GetAsync(name, resync: true, cancellationToken);

    /// <summary>Drops what is remembered of classes that no longer exist.</summary>
    public void ForgetAllBut(IReadOnlySet<string> names)
    {
        lock (_gate)
        {
            foreach (var gone in _resolutions.Keys.Where(n => !names.Contains(n)).ToList())
            {
                _resolutions.Remove(gone);
            }
        }
    }

    private async Task<NodeClassState> GetAsync(string name, bool resync, CancellationToken cancellationToken)
    {
        if (classes.Get(name) is not { } resource)
        {
            return new NodeClassState(name, 0, null);
        }

        var uid = resource.Metadata.Uid ?? "";
        var generation = resource.Metadata.Generation ?? 0;
        var now = time.GetUtcNow();
        Task<Outcome> outcome;
        lock (_gate)
        {
            if (!_resolutions.TryGetValue(name, out var known) || known.Uid != uid || known.Generation != generation || IsDue(known, resync, now))
            {
                known = new Resolution(uid, generation, now, MapAndResolveAsync(resource));
                _resolutions[name] = known;
            }

            outcome = known.Outcome;
        }

        return new NodeClassState(name, generation, (await outcome.WaitAsync(cancellationToken)).Status);
    }

    private bool IsDue(Resolution known, bool resync, DateTimeOffset now) => known.Outcome.IsCompleted && (
        !known.Outcome.IsCompletedSuccessfully
        || (known.Outcome.Result.Failed && now - known.StartedAt >= options.Value.RetryAfter)
        || (resync && now - known.StartedAt >= options.Value.ResyncInterval));

    /// <summary>A spec that does not map (a kubelet quantity that does not parse) is not ready, naming the field, and never resolved.</summary>
    private Task<Outcome> MapAndResolveAsync(EC2NodeClass resource)
    {
        Ec2NodeClassSpec spec;
        try
        {
            spec = NodeClassSource.Map(resource);
        }
        catch (FormatException e)
        {
            NodeClassCondition[] conditions =
            [
                new(ValidCondition, false, "InvalidSpec", e.Message),
                new(Ec2NodeClassStatus.ReadyCondition, false, "NotReady", e.Message),
            ];
            return Task.FromResult(new Outcome(new Ec2NodeClassStatus([], [], [], null, conditions), Failed: false));
        }

        return ResolveAsync(spec);
    }

    /// <summary>
    /// Never throws: a class the resolver cannot judge (EC2 throttled or unreachable) is not ready for now, and is
    /// tried again after <see cref="NodeClassStatusOptions.RetryAfter"/>. Bound to the host's lifetime, not to the
    /// asker's token, because other askers wait on the same resolution.
    /// </summary>
    private async Task<Outcome> ResolveAsync(Ec2NodeClassSpec spec)
    {
        using var call = CallLimit.Start(options.Value.ResolveTimeout, lifetime.ApplicationStopping);
        try
        {
            var status = await resolver.ResolveAsync(spec, call.Token);
            NodeClassStatusLog.Resolved(logger, spec.Name, status.IsReady, status.IsReady ? "" : status.NotReadyReason);
            return new Outcome(status, Failed: false);
        }
        catch (Exception e) when (!lifetime.ApplicationStopping.IsCancellationRequested)
        {
            NodeClassStatusLog.ResolveFailed(logger, spec.Name, e);
            var message = e is OperationCanceledException
                ? $"resolving took longer than {options.Value.ResolveTimeout.TotalSeconds:0.#} s"
                : $"resolving failed: {e.Message}";
            NodeClassCondition[] conditions =
            [
                new(ResolvedCondition, false, "ResolutionFailed", message),
                new(Ec2NodeClassStatus.ReadyCondition, false, "NotReady", message),
            ];
            return new Outcome(new Ec2NodeClassStatus([], [], [], null, conditions), Failed: true);
        }
    }

    private sealed record Outcome(Ec2NodeClassStatus Status, bool Failed);

    private sealed record Resolution(string Uid, long Generation, DateTimeOffset StartedAt, Task<Outcome> Outcome);
}
