using Extender.Core.Cluster;
using Extender.Kubernetes.Writes;
using Extender.Provisioning.Ports;

namespace Extender.Wiring;

/// <summary>Adds a NodePool's labels and taints that a registering node's kubelet did not set.</summary>
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
}
