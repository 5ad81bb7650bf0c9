using System.Globalization;
using k8s.Models;
using YamlDotNet.Core;

namespace Extender.Tests.Deployment;

public sealed class ManifestTests
{
    public static TheoryData<string> Files() => [.. ManifestLoader.RepositoryFiles().Select(p => Path.GetRelativePath(RepositoryRoot.Path, p))];

    [Theory]
    [MemberData(nameof(Files))]
    public void Load_RepositoryManifest_EveryDocumentIsAKnownKindWithKnownFields(string file)
    {
        var objects = ManifestLoader.Load(File.ReadAllText(RepositoryRoot.Combine(file)));

        Assert.NotEmpty(objects);
        Assert.All(objects, Assert.NotNull);
    }

    [Fact]
    public void Load_UnknownKind_Throws()
    {
        Assert.Throws<KeyNotFoundException>(() => ManifestLoader.Load("apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n"));
    }

    [Theory]
    [InlineData("apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  prots: []\n")]
    [InlineData("apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: s\n  label: {}\n")]
    [InlineData("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresource: [a.yaml]\n")]
    public void Load_UnknownField_Throws(string yaml)
    {
        Assert.ThrowsAny<YamlException>(() => ManifestLoader.Load(yaml));
    }

    [Fact]
    public void Deployment_Pod_IsHardenedAndSpreadAndLeaderElected()
    {
        var deployment = Assert.IsType<V1Deployment>(Assert.Single(ManifestLoader.Load(File.ReadAllText(RepositoryRoot.Combine("manifests", "deployment.yaml")))));
        var pod = deployment.Spec.Template.Spec;

        Assert.Equal(2, deployment.Spec.Replicas);
        Assert.Equal("system-cluster-critical", pod.PriorityClassName);
        Assert.True(pod.SecurityContext.RunAsNonRoot);
        Assert.Equal("RuntimeDefault", pod.SecurityContext.SeccompProfile.Type);
        Assert.Contains(pod.TopologySpreadConstraints, c => c.TopologyKey == "topology.kubernetes.io/zone");
        Assert.All(pod.Containers, c =>
        {
            Assert.True(c.SecurityContext.ReadOnlyRootFilesystem);
            Assert.False(c.SecurityContext.AllowPrivilegeEscalation);
            Assert.Equal(["ALL"], c.SecurityContext.Capabilities.Drop);
            Assert.Equal("/healthz", c.LivenessProbe.HttpGet.Path);
            Assert.Equal("/readyz", c.ReadinessProbe.HttpGet.Path);
            Assert.NotNull(c.Resources.Requests);
            Assert.NotNull(c.Resources.Limits);
        });
    }

    [Fact]
    public void Deployment_ShutdownTimeout_EndsBeforeTheKubeletKillsThePod()
    {
        var deployment = Assert.IsType<V1Deployment>(Assert.Single(ManifestLoader.Load(File.ReadAllText(RepositoryRoot.Combine("manifests", "deployment.yaml")))));
        var pod = deployment.Spec.Template.Spec;
        var env = pod.Containers.Single(c => c.Name == "extender").Env.ToDictionary(e => e.Name, e => e.Value);

        var timeout = TimeSpan.Parse(env["EXTENDER__SHUTDOWN__TIMEOUT"], CultureInfo.InvariantCulture);
        var drain = TimeSpan.Parse(env["EXTENDER__SHUTDOWN__DRAINDELAY"], CultureInfo.InvariantCulture);

        Assert.InRange(drain, TimeSpan.FromSeconds(1), timeout / 2);
        Assert.True(timeout + TimeSpan.FromSeconds(3) <= TimeSpan.FromSeconds(pod.TerminationGracePeriodSeconds!.Value), $"{timeout} leaves no margin in {pod.TerminationGracePeriodSeconds} s");
    }

    [Fact]
    public void Deployment_PodNamespace_ComesFromTheDownwardApiAndHoldsTheLeaseRole()
    {
        var deployment = Assert.IsType<V1Deployment>(Assert.Single(ManifestLoader.Load(File.ReadAllText(RepositoryRoot.Combine("manifests", "deployment.yaml")))));
        var extender = deployment.Spec.Template.Spec.Containers.Single(c => c.Name == "extender");
        var leaseRoles = ManifestLoader.Load(File.ReadAllText(RepositoryRoot.Combine("manifests", "rbac-leases.yaml"))).OfType<V1Role>();

        var variable = Assert.Single(extender.Env, e => e.Name == "POD_NAMESPACE");

        Assert.Null(variable.Value);
        Assert.Equal("metadata.namespace", variable.ValueFrom.FieldRef.FieldPath);
        Assert.Contains(leaseRoles, r => r.Metadata.NamespaceProperty == deployment.Metadata.NamespaceProperty
            && r.Rules.Any(rule => rule.ResourceNames?.Contains("ec2-capacity-provisioner") == true && rule.Verbs.Contains("update")));
    }

    [Fact]
    public void Deployment_ExtenderEnvironment_NamesTheClusterAndLeavesTheRestToDiscovery()
    {
        var deployment = Assert.IsType<V1Deployment>(Assert.Single(ManifestLoader.Load(File.ReadAllText(RepositoryRoot.Combine("manifests", "deployment.yaml")))));
        var env = deployment.Spec.Template.Spec.Containers.Single(c => c.Name == "extender").Env.ToDictionary(e => e.Name, e => e.Value);

        Assert.False(string.IsNullOrEmpty(env["EXTENDER__AWS__CLUSTERNAME"]));
        // Found at start (EKS DescribeCluster, the SDK's region chain, the pod's namespace): a value here would go stale.
        Assert.DoesNotContain("EXTENDER__AWS__CLUSTERENDPOINT", env.Keys);
        Assert.DoesNotContain("EXTENDER__AWS__CLUSTERCERTIFICATEAUTHORITY", env.Keys);
        Assert.DoesNotContain("EXTENDER__AWS__REGION", env.Keys);
        Assert.DoesNotContain("EXTENDER__KUBERNETES__LEADERELECTION__LEASENAMESPACE", env.Keys);
    }

    [Fact]
    public void Rbac_SidecarClusterRole_GrantsNoWildcardsAndNoSecrets()
    {
        var role = ManifestLoader.Load(File.ReadAllText(RepositoryRoot.Combine("manifests", "rbac-extender.yaml"))).OfType<V1ClusterRole>().Single();

        Assert.All(role.Rules, rule =>
        {
            Assert.DoesNotContain("*", rule.Verbs);
            Assert.DoesNotContain("*", rule.Resources);
            Assert.DoesNotContain("secrets", rule.Resources);
        });
    }
}
