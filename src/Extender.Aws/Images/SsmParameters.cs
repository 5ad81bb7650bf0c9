using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using Extender.Aws.Errors;
using Extender.Core.Capacity;

namespace Extender.Aws.Images;

/// <summary>
/// Reads the public SSM parameters that name the EKS-optimised images, cached as Karpenter caches them: a pinned
/// version's parameter never changes (24 h, Karpenter's <c>SSMCacheTTL</c>); a <c>latest</c> one moves with each
/// release, and Karpenter drops it when its image is deprecated, checked every 30 minutes, so it is kept for 30 minutes
/// here. A parameter that does not exist (no such version, or no image of that architecture) is not cached.
/// </summary>
internal sealed class SsmParameters(IAmazonSimpleSystemsManagement ssm, Ec2Caller caller, TimeProvider time)
{
    public static readonly TimeSpan PinnedTtl = TimeSpan.FromHours(24);
    public static readonly TimeSpan LatestTtl = TimeSpan.FromMinutes(30);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, (string Value, DateTimeOffset Until)> _cache = new(StringComparer.Ordinal);

    /// <summary>The parameter's value; null when it does not exist.</summary>
    public async Task<string?> GetAsync(string name, bool mutable, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (_cache.TryGetValue(name, out var hit) && now < hit.Until)
            {
                return hit.Value;
            }
        }

        try
        {
            var request = new GetParameterRequest { Name = name };
            var response = await caller.CallAsync("GetParameter", ct => ssm.GetParameterAsync(request, ct), cancellationToken);
            var value = response.Parameter?.Value;
            if (string.IsNullOrEmpty(value))
            {
                return null;
            }

            lock (_gate)
            {
                _cache[name] = (value, now + (mutable ? LatestTtl : PinnedTtl));
            }

            return value;
        }
        catch (CapacityException e) when (e.Kind == CapacityErrorKind.NotFound)
        {
            return null;
        }
    }
}
