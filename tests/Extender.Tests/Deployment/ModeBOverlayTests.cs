using Extender.Hosting.Tls;
using k8s.Models;

namespace Extender.Tests.Deployment;

/// <summary>
/// Mode (b) only works if the names agree across four places: the scheduler configuration kube-scheduler reads, the
/// Service port, the certificate cert-manager issues, and the listener the extender opens from its options.
/// </summary>
public sealed class ModeBOverlayTests
{
    private static readonly IReadOnlyList<object> Overlay = [.. new[] { "certificates.yaml", "deployment-tls.yaml", "service-https.yaml", "networkpolicy-https.yaml" }
        .SelectMany(f => ManifestLoader.Load(File.ReadAllText(RepositoryRoot.Combine("manifests-mode-b", f))))];

    private static V1ServicePort HttpsServicePort => Assert.Single(Overlay.OfType<V1Service>().Single().Spec.Ports);

    private static V1Container Extender => Assert.Single(Overlay.OfType<V1Deployment>().Single().Spec.Template.Spec.Containers);

    [Fact]
    public void SchedulerConfiguration_UrlPrefix_IsTheOverlaysServiceAndHttpsPort()
    {
        var service = Overlay.OfType<V1Service>().Single();
        var url = new Uri(Assert.Single(DefaultSchedulerConfiguration().Extenders).UrlPrefix!);

        Assert.Equal(Uri.UriSchemeHttps, url.Scheme);
        Assert.Equal($"{service.Metadata.Name}.{service.Metadata.NamespaceProperty}.svc", url.Host);
        Assert.Equal(HttpsServicePort.Port, url.Port);
    }

    [Fact]
    public void SchedulerConfiguration_ServerName_IsANameOfTheServingCertificate()
    {
        var tls = Assert.Single(DefaultSchedulerConfiguration().Extenders).TlsConfig!;

        Assert.Contains(tls.ServerName, DnsNames(ServingCertificate()));
        Assert.Equal("ca.crt", Path.GetFileName(tls.CaFile));
    }

    [Fact]
    public void SchedulerConfiguration_PresentsAClientCertificateOfTheCaTheListenerTrusts()
    {
        var tls = Assert.Single(DefaultSchedulerConfiguration().Extenders).TlsConfig!;
        var client = Certificate("ec2-capacity-scheduler-client");
        var usages = ((IEnumerable<object>)client.Spec!["usages"]).Select(u => u.ToString()).ToList();

        Assert.False(string.IsNullOrEmpty(tls.CertFile));
        Assert.False(string.IsNullOrEmpty(tls.KeyFile));
        Assert.Contains("client auth", usages);
        Assert.DoesNotContain("server auth", usages);
        Assert.Equal(IssuerOf(ServingCertificate()), IssuerOf(client));
    }

    [Fact]
    public void Deployment_ClientCaIsTheCaOfTheMountedSecret()
    {
        var options = new TlsListenerOptions();
        var mount = Assert.Single(Extender.VolumeMounts);

        Assert.Equal(mount.MountPath, Path.GetDirectoryName(options.ClientCaFile));
        Assert.Equal("ca.crt", Path.GetFileName(options.ClientCaFile));
    }

    [Fact]
    public void ServicePort_TargetsTheExtendersTlsListener()
    {
        var options = new TlsListenerOptions();
        var containerPort = Extender.Ports.Single(p => p.Name == HttpsServicePort.TargetPort.Value);

        Assert.Equal(options.Port, containerPort.ContainerPort);
        Assert.Contains(Extender.Env, e => e.Name == "EXTENDER__HTTP__TLS__ENABLED" && e.Value == "true");
    }

    [Fact]
    public void Deployment_MountsTheCertificatesSecretWhereTheOptionsLookByDefault()
    {
        var options = new TlsListenerOptions();
        var pod = Overlay.OfType<V1Deployment>().Single().Spec.Template.Spec;
        var mount = Assert.Single(Extender.VolumeMounts);
        var volume = Assert.Single(pod.Volumes, v => v.Name == mount.Name);

        Assert.Equal(ServingCertificate().Spec!["secretName"], volume.Secret.SecretName);
        Assert.Equal(mount.MountPath, Path.GetDirectoryName(options.CertificateFile));
        Assert.Equal(mount.MountPath, Path.GetDirectoryName(options.KeyFile));
    }

    [Fact]
    public void NetworkPolicy_AdmitsTheHttpsPortToTheExtenderPods()
    {
        var policy = Overlay.OfType<V1NetworkPolicy>().Single();

        Assert.Equal("ec2-capacity-extender", policy.Spec.PodSelector.MatchLabels["app.kubernetes.io/name"]);
        Assert.Contains(policy.Spec.Ingress.SelectMany(i => i.Ports), p => p.Port.Value == HttpsServicePort.TargetPort.Value);
    }

    [Fact]
    public void Kustomization_BuildsOnTheBaseWithEveryOverlayFile()
    {
        var kustomization = Assert.IsType<Kustomization>(Assert.Single(ManifestLoader.Load(File.ReadAllText(RepositoryRoot.Combine("manifests-mode-b", "kustomization.yaml")))));

        Assert.Equal(["../manifests", "certificates.yaml", "networkpolicy-https.yaml"], kustomization.Resources);
        Assert.Equal(["deployment-tls.yaml", "service-https.yaml"], kustomization.Patches.Select(p => p.Path));
    }

    private static KubeSchedulerConfiguration DefaultSchedulerConfiguration() =>
        SchedulerConfigurationDecoder.Decode(File.ReadAllText(RepositoryRoot.Combine("scheduler-config", "default-scheduler-extender.yaml")));

    private static UntypedResource ServingCertificate() => Certificate("ec2-capacity-extender-tls");

    private static UntypedResource Certificate(string name) =>
        Overlay.OfType<UntypedResource>().Single(r => r.Kind == "Certificate" && r.Metadata?.Name == name);

    private static string? IssuerOf(UntypedResource certificate) =>
        ((IDictionary<object, object>)certificate.Spec!["issuerRef"])["name"].ToString();

    private static IEnumerable<string?> DnsNames(UntypedResource certificate) =>
        ((IEnumerable<object>)certificate.Spec!["dnsNames"]).Select(n => n.ToString());
}
