using k8s;

namespace Extender.Tests.Deployment;

/// <summary>
/// Loads manifests with KubernetesClient's strict YAML loader: an unknown apiVersion/kind fails the lookup in the type
/// map, an unknown or duplicated field fails deserialization, as the API server's strict field validation would.
/// </summary>
internal static class ManifestLoader
{
    private static readonly Dictionary<string, Type> ExtraKinds = new(StringComparer.Ordinal)
    {
        ["provisioning.extender.io/v1alpha1/NodePool"] = typeof(UntypedResource),
        ["provisioning.extender.io/v1alpha1/EC2NodeClass"] = typeof(UntypedResource),
        ["provisioning.extender.io/v1alpha1/NodeClaim"] = typeof(UntypedResource),
        ["monitoring.coreos.com/v1/PodMonitor"] = typeof(UntypedResource),
        ["monitoring.coreos.com/v1/PrometheusRule"] = typeof(UntypedResource),
        ["cert-manager.io/v1/Issuer"] = typeof(UntypedResource),
        ["cert-manager.io/v1/Certificate"] = typeof(UntypedResource),
        ["kustomize.config.k8s.io/v1beta1/Kustomization"] = typeof(Kustomization),
    };

    public static IReadOnlyList<object> Load(string yaml) => KubernetesYaml.LoadAllFromString(yaml, ExtraKinds, strict: true);

    /// <summary>Every YAML file under manifests/, manifests-mode-b/ and scheduler-config/ that is a Kubernetes object or a kustomization.</summary>
    public static IEnumerable<string> RepositoryFiles() =>
        new[] { "manifests", "manifests-mode-b", "scheduler-config" }
            .Select(dir => RepositoryRoot.Combine(dir))
            .Where(Directory.Exists)
            .SelectMany(dir => Directory.EnumerateFiles(dir, "*.yaml", SearchOption.AllDirectories))
            .Where(path => !IsSchedulerConfiguration(path) && !IsAwsTemplate(path))
            .Order(StringComparer.Ordinal);

    /// <summary>manifests/aws holds AWS templates (CloudFormation), not Kubernetes objects; InterruptionManifestTests reads them.</summary>
    public static bool IsAwsTemplate(string path) => path.StartsWith(RepositoryRoot.Combine("manifests", "aws"), StringComparison.Ordinal);

    /// <summary>KubeSchedulerConfiguration files are not API objects; SchedulerConfigurationTests decodes them.</summary>
    public static bool IsSchedulerConfiguration(string path) =>
        path.StartsWith(RepositoryRoot.Combine("scheduler-config"), StringComparison.Ordinal) &&
        Path.GetFileName(path) != "kustomization.yaml";
}
