using Microsoft.Extensions.Options;

namespace Extender.Kubernetes.Client;

/// <summary>
/// Checks what data annotations cannot: the kubeconfig exists, the backoff bounds are ordered, and every lane's rate
/// limit is usable (annotations are not applied to nested objects).
/// </summary>
internal sealed class KubernetesOptionsValidator : IValidateOptions<KubernetesOptions>
{
    public ValidateOptionsResult Validate(string? name, KubernetesOptions options)
    {
        var failures = new List<string>();
        if (!string.IsNullOrEmpty(options.Kubeconfig) && !File.Exists(options.Kubeconfig))
        {
            failures.Add($"{KubernetesOptions.Section}:Kubeconfig: file \"{options.Kubeconfig}\" does not exist");
        }

        if (options.MaxBackoff < options.InitialBackoff)
        {
            failures.Add($"{KubernetesOptions.Section}:MaxBackoff ({options.MaxBackoff}) is shorter than InitialBackoff ({options.InitialBackoff})");
        }

        if (options.Lanes is null)
        {
            failures.Add($"{KubernetesOptions.Section}:Lanes is missing");
        }
        else
        {
            foreach (var lane in Enum.GetValues<KubernetesLane>())
            {
                ValidateLane(lane, options.Lanes.For(lane), failures);
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateLane(KubernetesLane lane, KubernetesLaneOptions? limit, List<string> failures)
    {
        var key = $"{KubernetesOptions.Section}:Lanes:{lane}";
        if (limit is null)
        {
            failures.Add($"{key} is missing");
            return;
        }

        if (double.IsNaN(limit.Qps) || limit.Qps < 0.1 || limit.Qps > 10_000)
        {
            failures.Add($"{key}:Qps ({limit.Qps}) must be between 0.1 and 10000");
        }

        if (limit.Burst < 1 || limit.Burst > 100_000)
        {
            failures.Add($"{key}:Burst ({limit.Burst}) must be between 1 and 100000");
        }
        else if (limit.Burst < Math.Ceiling(limit.Qps / 10))
        {
            // The bucket refills a tenth of Qps every 100 ms; a smaller bucket could never hold one refill.
            failures.Add($"{key}:Burst ({limit.Burst}) must be at least a tenth of Qps ({limit.Qps})");
        }
    }
}
