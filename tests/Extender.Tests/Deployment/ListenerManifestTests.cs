using Extender.Hosting;
using k8s.Models;

namespace Extender.Tests.Deployment;

/// <summary>
/// The shipped install and the listeners the extender opens from its options agree (issue 15): the verbs on loopback
/// where the in-pod scheduler calls them, bind turned on for it, and only the probes port exposed on the pod IP, in the
/// Deployment, the Service and the NetworkPolicy alike.
/// </summary>
public sealed class ListenerManifestTests
{
    private static readonly IReadOnlyList<object> Base = [.. new[] { "deployment.yaml", "service.yaml", "networkpolicy.yaml" }
        .SelectMany(f => ManifestLoader.Load(File.ReadAllText(RepositoryRoot.Combine("manifests", f))))];

    private static V1Container Extender => Base.OfType<V1Deployment>().Single().Spec.Template.Spec.Containers.Single(c => c.Name == "extender");

    [Fact]
    public void Deployment_ExposesOnlyTheProbesPort_AndTheProbesUseIt()
    {
        var port = Assert.Single(Extender.Ports);

        Assert.Equal(new ProbesListenerOptions().Port, port.ContainerPort);
        Assert.Equal(port.Name, Extender.LivenessProbe.HttpGet.Port.Value);
        Assert.Equal(port.Name, Extender.ReadinessProbe.HttpGet.Port.Value);
        Assert.NotEqual(new HttpServerOptions().Port, port.ContainerPort);
    }

    [Fact]
    public void Deployment_KeepsTheVerbsOnTheirLoopbackDefault_AndTurnsBindOn()
    {
        var env = Extender.Env.ToDictionary(e => e.Name, e => e.Value);

        Assert.DoesNotContain(env.Keys, k => k.StartsWith("EXTENDER__HTTP__ADDRESS", StringComparison.OrdinalIgnoreCase) || k.StartsWith("EXTENDER__HTTP__PORT", StringComparison.OrdinalIgnoreCase));
        Assert.True(System.Net.IPAddress.IsLoopback(System.Net.IPAddress.Parse(new HttpServerOptions().Address)));
        Assert.Equal("true", env["EXTENDER__ENDPOINTS__BINDENABLED"]);
    }

    [Fact]
    public void SchedulerConfiguration_CallsTheLoopbackListener_AndBindsThroughIt()
    {
        var extender = Assert.Single(SchedulerConfigurationDecoder.Decode(File.ReadAllText(RepositoryRoot.Combine("scheduler-config", "ec2-capacity-scheduler.yaml"))).Extenders);
        var url = new Uri(extender.UrlPrefix!);

        Assert.Equal(new HttpServerOptions().Address, url.Host);
        Assert.Equal(new HttpServerOptions().Port, url.Port);
        Assert.Equal("bind", extender.BindVerb);
    }

    [Fact]
    public void ServiceAndNetworkPolicy_AdmitTheProbesPortOnly()
    {
        var service = Base.OfType<V1Service>().Single();
        var policy = Base.OfType<V1NetworkPolicy>().Single();

        Assert.Equal(["probes"], service.Spec.Ports.Select(p => p.TargetPort.Value));
        Assert.Equal(["probes"], policy.Spec.Ingress.SelectMany(i => i.Ports).Select(p => p.Port.Value).Distinct());
    }
}
