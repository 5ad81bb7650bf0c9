using Microsoft.Extensions.Options;

namespace Extender.Kubernetes.Client;

/// <summary>Checks what data annotations cannot: the kubeconfig exists and the backoff bounds are ordered.</summary>
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

        if (options.Burst < Math.Ceiling(options.Qps / 10))
        {
            failures.Add($"{KubernetesOptions.Section}:Burst ({options.Burst}) must be at least a tenth of Qps ({options.Qps})");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
