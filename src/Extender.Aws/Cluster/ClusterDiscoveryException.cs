namespace Extender.Aws.Cluster;

/// <summary>
/// EKS DescribeCluster could not supply the endpoint or CA; the message says why, for an operator. Transient failures
/// (a timeout, a network error, throttling, a server error) are worth another attempt.
/// </summary>
internal sealed class ClusterDiscoveryException(string message, bool transient = false, Exception? inner = null) : Exception(message, inner)
{
    public bool Transient { get; } = transient;
}
