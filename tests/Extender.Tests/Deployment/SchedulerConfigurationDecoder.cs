using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Extender.Tests.Deployment;

/// <summary>
/// Decodes a KubeSchedulerConfiguration as strictly as kube-scheduler does (serializer.EnableStrict): an unknown
/// or duplicated key is an error, because it stops kube-scheduler from starting.
/// </summary>
internal static class SchedulerConfigurationDecoder
{
    private static readonly IDeserializer Strict = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .WithDuplicateKeyChecking()
        .Build();

    public static KubeSchedulerConfiguration Decode(string yaml) => Strict.Deserialize<KubeSchedulerConfiguration>(yaml);
}
