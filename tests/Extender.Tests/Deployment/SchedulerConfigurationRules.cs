using System.Text.RegularExpressions;

namespace Extender.Tests.Deployment;

/// <summary>
/// The rules of extender-protocol.md §2 that kube-scheduler validates (validateExtenders) or that decide whether the
/// extender is reached safely. Returns one message per violation, naming the extender and the field.
/// </summary>
internal static partial class SchedulerConfigurationRules
{
    public static IReadOnlyList<string> Check(KubeSchedulerConfiguration config)
    {
        var errors = new List<string>();
        if (config.ApiVersion != "kubescheduler.config.k8s.io/v1" || config.Kind != "KubeSchedulerConfiguration")
        {
            errors.Add($"apiVersion/kind must be kubescheduler.config.k8s.io/v1 KubeSchedulerConfiguration, got {config.ApiVersion} {config.Kind}");
        }

        if (config.Extenders.Count(e => !string.IsNullOrEmpty(e.BindVerb)) > 1)
        {
            errors.Add("only one extender can implement bind (bindVerb)");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < config.Extenders.Count; i++)
        {
            CheckExtender($"extenders[{i}]", config.Extenders[i], seen, errors);
        }

        return errors;
    }

    private static void CheckExtender(string path, SchedulerExtender extender, HashSet<string> managedNames, List<string> errors)
    {
        if (!Uri.TryCreate(extender.UrlPrefix, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add($"{path}.urlPrefix must be an absolute http(s) URL, got '{extender.UrlPrefix}'");
        }
        else if ((url.Scheme == Uri.UriSchemeHttps) != (extender.EnableHTTPS == true))
        {
            errors.Add($"{path}: enableHTTPS must be true exactly when urlPrefix is https");
        }

        if (!string.IsNullOrEmpty(extender.PrioritizeVerb) && extender.Weight is not > 0)
        {
            errors.Add($"{path}.weight must be positive when prioritizeVerb is set");
        }

        if (extender.EnableHTTPS == true && !HasCertificateAuthority(extender.TlsConfig))
        {
            errors.Add($"{path}: enableHTTPS needs tlsConfig.caFile or caData and insecure false, or kube-scheduler skips certificate verification");
        }

        if (extender.HttpTimeout is not null && !GoDuration().IsMatch(extender.HttpTimeout))
        {
            errors.Add($"{path}.httpTimeout '{extender.HttpTimeout}' is not a duration such as 5s or 500ms");
        }

        foreach (var resource in extender.ManagedResources)
        {
            if (!IsExtendedResourceName(resource.Name))
            {
                errors.Add($"{path}.managedResources: '{resource.Name}' is not a valid extended resource name");
            }
            else if (!managedNames.Add(resource.Name!))
            {
                errors.Add($"{path}.managedResources: '{resource.Name}' is managed by more than one extender");
            }
        }
    }

    private static bool HasCertificateAuthority(ExtenderTlsConfig? tls) =>
        tls is not null && tls.Insecure != true && (!string.IsNullOrEmpty(tls.CaFile) || !string.IsNullOrEmpty(tls.CaData));

    /// <summary>Mirrors v1helper.IsExtendedResourceName: a domain-qualified name outside kubernetes.io.</summary>
    internal static bool IsExtendedResourceName(string? name)
    {
        if (string.IsNullOrEmpty(name) || !name.Contains('/', StringComparison.Ordinal) ||
            name.Contains("kubernetes.io/", StringComparison.Ordinal) || name.StartsWith("requests.", StringComparison.Ordinal))
        {
            return false;
        }

        var slash = name.IndexOf('/', StringComparison.Ordinal);
        var prefix = name[..slash];
        var local = name[(slash + 1)..];
        return prefix.Length <= 253 && DnsSubdomain().IsMatch(prefix) && local.Length <= 63 && QualifiedNamePart().IsMatch(local);
    }

    [GeneratedRegex(@"^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$")]
    private static partial Regex GoDuration();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex DnsSubdomain();

    [GeneratedRegex(@"^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")]
    private static partial Regex QualifiedNamePart();
}
