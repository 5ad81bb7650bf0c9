using System.Collections.Concurrent;
using System.Net;
using System.Threading.Channels;
using Extender.Core.Catalog;
using k8s;
using k8s.Autorest;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Extender.Sandbox.Kubelet;

/// <summary>
/// Plays the kubelets of the sandbox's instances: a started instance's Node registers, Ready, after the boot time;
/// a terminated instance's Node is deleted (or never registers, if it was still booting). As nodeadm, it joins only
/// the cluster its user data names: a NodeConfig with another or an empty name, endpoint or CA leaves the instance
/// running with no Node, which is what a real cluster shows for it.
/// </summary>
public sealed class SimulatedKubelet : IAsyncDisposable
{
    private readonly IKubernetes _client;
    private readonly InstanceCatalog _catalog;
    private readonly SimulatedKubeletOptions _options;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _booting = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Task, byte> _work = new();
    private readonly Task _running;
    private int _registered;
    private int _removed;
    private int _cannotJoin;

    private SimulatedKubelet(IKubernetes client, ChannelReader<InstanceEvent> events, InstanceCatalog catalog, SimulatedKubeletOptions options, ILogger logger)
    {
        _client = client;
        _catalog = catalog;
        _options = options;
        _logger = logger;
        _running = ConsumeAsync(events, _stopping.Token);
    }

    /// <summary>Nodes registered so far.</summary>
    public int Registered => Volatile.Read(ref _registered);

    /// <summary>Instances started whose node has not registered yet.</summary>
    public int Booting => _booting.Count;

    /// <summary>Instances whose user data named no cluster, or another one: their nodes never register.</summary>
    public int CannotJoin => Volatile.Read(ref _cannotJoin);

    /// <summary>Nodes deleted so far.</summary>
    public int Removed => Volatile.Read(ref _removed);

    public static SimulatedKubelet Start(
        IKubernetes client,
        ChannelReader<InstanceEvent> events,
        InstanceCatalog catalog,
        SimulatedKubeletOptions options,
        ILogger<SimulatedKubelet>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return new SimulatedKubelet(client, events, catalog, options, (ILogger?)logger ?? NullLogger.Instance);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _running;
        await Task.WhenAll(_work.Keys);
        _stopping.Dispose();
    }

    private async Task ConsumeAsync(ChannelReader<InstanceEvent> events, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var change in events.ReadAllAsync(cancellationToken))
            {
                Track(change.Kind == InstanceEventKind.Started ? BootAsync(change.Instance, cancellationToken) : TerminateAsync(change.Instance, cancellationToken));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private void Track(Task task)
    {
        _work.TryAdd(task, 0);
        _ = task.ContinueWith(t => _work.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async Task BootAsync(SimulatedInstance instance, CancellationToken cancellationToken)
    {
        if (_catalog.Find(instance.InstanceType) is not { } type)
        {
            KubeletLog.UnknownInstanceType(_logger, instance.InstanceId, instance.InstanceType);
            return;
        }

        if (NodeConfigReader.JoinFailure(instance.UserData, _options.Cluster!) is { } reason)
        {
            Interlocked.Increment(ref _cannotJoin);
            KubeletLog.CannotJoin(_logger, instance.InstanceId, instance.NodeName, reason);
            return;
        }

        using var boot = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            // Registered as booting only once the boot timer exists, so that whoever sees it booting can move time on.
            var booted = Task.Delay(_options.BootTime, _options.Time, boot.Token);
            _booting[instance.InstanceId] = boot;
            await booted;
            var node = NodeFactory.Build(instance, type, _options.Time.GetUtcNow().UtcDateTime, NodeConfigReader.MaxPods(instance.UserData));
            if (await CallAsync(instance.NodeName, token => _client.CoreV1.CreateNodeAsync(node, cancellationToken: token), boot.Token))
            {
                Interlocked.Increment(ref _registered);
                KubeletLog.Registered(_logger, instance.NodeName, instance.InstanceId, instance.InstanceType);
            }
        }
        catch (OperationCanceledException) when (boot.IsCancellationRequested)
        {
            // Terminated while booting, or stopping.
        }
        finally
        {
            _booting.TryRemove(instance.InstanceId, out _);
        }
    }

    private async Task TerminateAsync(SimulatedInstance instance, CancellationToken cancellationToken)
    {
        if (_booting.TryRemove(instance.InstanceId, out var boot))
        {
            await boot.CancelAsync();
        }

        try
        {
            if (await CallAsync(instance.NodeName, token => _client.CoreV1.DeleteNodeAsync(instance.NodeName, cancellationToken: token), cancellationToken))
            {
                Interlocked.Increment(ref _removed);
                KubeletLog.Removed(_logger, instance.NodeName, instance.InstanceId);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>True when the call changed the cluster; a 404 or 409 means the desired state already held.</summary>
    private async Task<bool> CallAsync(string node, Func<CancellationToken, Task> call, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.ApiTimeout, _options.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await call(linked.Token);
            return true;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Conflict)
        {
            return false;
        }
        catch (Exception e) when (e is HttpOperationException or HttpRequestException || (e is OperationCanceledException && timeout.IsCancellationRequested))
        {
            KubeletLog.ApiFailed(_logger, node, e.Message);
            return false;
        }
    }
}
