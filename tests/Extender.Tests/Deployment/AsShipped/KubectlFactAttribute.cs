namespace Extender.Tests.Deployment.AsShipped;

/// <summary>A fact that needs kubectl (for <c>kubectl kustomize</c>); skipped, saying so, where it is not installed.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class KubectlFactAttribute : FactAttribute
{
    public KubectlFactAttribute()
    {
        if (Kustomize.Kubectl is null)
        {
            Skip = "kubectl is not installed (looked in /usr/bin and on PATH): the as-shipped test builds manifests/ with `kubectl kustomize`; CI installs it";
        }
    }
}
