using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Extender.Aws.Cluster;

/// <summary>
/// The endpoint and CA written into every node's NodeConfig: as configured, else discovered once with EKS
/// DescribeCluster for <c>Aws:ClusterName</c> (as Karpenter does), so an install needs to set only the cluster's name.
/// A node given an empty endpoint or CA never joins, so there is no fallback: a failure here fails the start.
/// </summary>
internal sealed class ClusterConnectionSource(EksClusterDescriber eks, IOptions<AwsCapacityOptions> options, TimeProvider time, ILogger<ClusterConnectionSource> logger)
{
    private readonly Lock _gate = new();
    private Task<ClusterConnection>? _connection;

    /// <summary>Completes with the connection, or fails with a <see cref="ClusterDiscoveryException"/> naming the missing option.</summary>
    public Task<ClusterConnection> GetAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            // A failed or cancelled attempt is not kept: the next caller tries again.
            if (_connection is null || _connection.IsFaulted || _connection.IsCanceled)
            {
                _connection = ResolveAsync(cancellationToken);
            }

            return _connection;
        }
    }

    private async Task<ClusterConnection> ResolveAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var endpoint = NullIfBlank(settings.ClusterEndpoint);
        var authority = NullIfBlank(settings.ClusterCertificateAuthority);
        if (endpoint is not null && authority is not null)
        {
            return new ClusterConnection(endpoint, authority);
        }

        var missing = (endpoint, authority) switch
        {
            (null, null) => "Aws:ClusterEndpoint and Aws:ClusterCertificateAuthority are",
            (null, _) => "Aws:ClusterEndpoint is",
            _ => "Aws:ClusterCertificateAuthority is",
        };
        var prefix = $"{missing} not set and EKS DescribeCluster for cluster '{settings.ClusterName}'";
        var described = await DescribeAsync(settings, prefix, cancellationToken);
        var connection = new ClusterConnection(endpoint ?? NullIfBlank(described.Endpoint) ?? "", authority ?? NullIfBlank(described.CertificateAuthority) ?? "");
        if (connection.Endpoint.Length == 0 || connection.CertificateAuthority.Length == 0)
        {
            var empty = connection.Endpoint.Length == 0 ? "endpoint" : "certificateAuthority.data";
            throw new ClusterDiscoveryException($"{prefix} returned no {empty} (cluster status {described.Status ?? "unknown"})");
        }

        AwsLog.ClusterDiscovered(logger, settings.ClusterName, connection.Endpoint);
        return connection;
    }

    private async Task<EksClusterDescription> DescribeAsync(AwsCapacityOptions settings, string prefix, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await eks.DescribeAsync(settings.ClusterName, cancellationToken);
            }
            catch (ClusterDiscoveryException e) when (e.Transient && attempt <= settings.MaxErrorRetry)
            {
                AwsLog.ClusterDiscoveryRetry(logger, settings.ClusterName, attempt, e.Message);
                await Task.Delay(settings.ThrottleBaseDelay * attempt, time, cancellationToken);
            }
            catch (ClusterDiscoveryException e)
            {
                throw new ClusterDiscoveryException($"{prefix} failed: {e.Message}", e.Transient, e);
            }
        }
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
