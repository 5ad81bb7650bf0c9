using Extender.Core.Cluster;
using Extender.Core.Disruption;
using Extender.Kubernetes.Writes;
using Extender.Provisioning.Ports;

namespace Extender.Wiring;

/// <summary>Adds a NodePool's labels and taints that a registering node's kubelet did not set; the termination finalizer on and off.</summary>
internal sealed class KubernetesNodePatcher(INodeWriter writer, ClusterState cluster) : INodePatcher
{
    public async Task EnsureLabelsAndTaintsAsync(string nodeName, IReadOnlyDictionary<string, string> labels, IReadOnlyList<Taint> taints, CancellationToken cancellationToken)
    {
        var current = cluster.Current.FindNode(nodeName)?.Node.Labels ?? new Dictionary<string, string>();
        var missing = labels.Where(l => !current.ContainsKey(l.Key)).ToDictionary(l => l.Key, l => (string?)l.Value, StringComparer.Ordinal);
        if (missing.Count > 0)
        {
            await writer.PatchLabelsAsync(nodeName, missing, cancellationToken);
        }

        if (taints.Count > 0)
        {
            await writer.UpdateTaintsAsync(
                nodeName,
                existing => [.. existing, .. taints.Where(t => !existing.Any(e => e.Key == t.Key && e.Effect == t.Effect))],
                cancellationToken);
        }
    }

    public Task EnsureFinalizerAsync(string nodeName, CancellationToken cancellationToken) =>
        writer.SetFinalizerAsync(nodeName, TerminationFinalizer.Name, present: true, cancellationToken);

    public async Task ReleaseAsync(string nodeName, CancellationToken cancellationToken)
    {
        // Deleted first: with the finalizer still on, the delete only marks it, so nothing sees a live node without one.
        if (await writer.DeleteAsync(nodeName, cancellationToken))
        {
            await writer.SetFinalizerAsync(nodeName, TerminationFinalizer.Name, present: false, cancellationToken);
        }
    }
}
