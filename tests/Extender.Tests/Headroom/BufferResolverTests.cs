using Extender.Core.Cluster;
using Extender.Headroom;
using Extender.Kubernetes.CustomResources;
using k8s.Models;

namespace Extender.Tests.Headroom;

/// <summary>A CapacityBuffer read from the watch caches: its template, who may use its room, and its size.</summary>
public sealed class BufferResolverTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private static CapacityBuffer Buffer(CapacityBufferSpec spec) => new()
    {
        Metadata = new V1ObjectMeta { Name = "buf", NamespaceProperty = "default", Uid = "buf-uid", Generation = 1 },
        Spec = spec,
    };

    private static V1PodTemplateSpec Template(string app, string cpu) => new()
    {
        Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = app, ["tier"] = "front" } },
        Spec = new V1PodSpec
        {
            Containers = [new V1Container { Name = "c", Resources = new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(cpu) } } }],
        },
    };

    private static V1Deployment Web(int replicas) => new()
    {
        Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "default", Generation = 7 },
        Spec = new V1DeploymentSpec
        {
            Replicas = replicas,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } },
            Template = Template("web", "500m"),
        },
    };

    private static ResolvedBuffer Resolve(CapacityBuffer buffer, V1Deployment[]? deployments = null, V1PodTemplate[]? templates = null) =>
        Assert.Single(new BufferResolver(new ListCache<CapacityBuffer>(buffer), new ListCache<V1Deployment>(deployments ?? []), new ListCache<V1PodTemplate>(templates ?? []))
            .Resolve(ClusterSnapshot.Empty, Now));

    [Fact]
    public void Resolve_ScalableDeployment_ItsTemplateSelectorAndReplicasForPercentage()
    {
        var resolved = Resolve(Buffer(new CapacityBufferSpec
        {
            ScalableRef = new CapacityBufferScalableRef { ApiGroup = "apps", Kind = "Deployment", Name = "web" },
            Replicas = 1,
            Percentage = 50,
        }), [Web(10)]);

        Assert.Null(resolved.Problem);
        Assert.Equal(5, resolved.Buffer!.Size.Replicas);
        Assert.Equal(500, resolved.Buffer.Template.Requests["cpu"]);
        Assert.Equal(7, resolved.TemplateGeneration);
        Assert.True(resolved.Buffer.Admits(new Pod { Uid = "p", Namespace = "default", Name = "p", Labels = new Dictionary<string, string> { ["app"] = "web" }, Requests = Core.Resources.ResourceList.Empty }));
    }

    [Fact]
    public void Resolve_PodTemplateRef_TemplateLabelsSelectTheIntendedPods()
    {
        var template = new V1PodTemplate { Metadata = new V1ObjectMeta { Name = "tpl", NamespaceProperty = "default", Generation = 3 }, Template = Template("api", "1") };

        var resolved = Resolve(Buffer(new CapacityBufferSpec { PodTemplateRef = new CapacityBufferObjectRef { Name = "tpl" }, Replicas = 2 }), templates: [template]);

        Assert.Equal(2, resolved.Buffer!.Size.Replicas);
        Assert.Equal("tpl", resolved.TemplateName);
        Assert.Equal(new Dictionary<string, string> { ["app"] = "api", ["tier"] = "front" }, resolved.Buffer.Spec.Selector!.MatchLabels);
    }

    [Fact]
    public void Resolve_HeadroomSelector_OverridesTheWorkloads()
    {
        var resolved = Resolve(Buffer(new CapacityBufferSpec
        {
            ScalableRef = new CapacityBufferScalableRef { Kind = "Deployment", Name = "web" },
            Replicas = 1,
            Headroom = new CapacityBufferHeadroom { Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["team"] = "checkout" } } },
        }), [Web(1)]);

        Assert.Equal("checkout", resolved.Buffer!.Spec.Selector!.MatchLabels["team"]);
    }

    [Theory]
    [InlineData("PodTemplate", "PodTemplate default/missing not found")]
    [InlineData("Deployment", "Deployment default/missing not found")]
    [InlineData("StatefulSet", "scalableRef apps/StatefulSet is not supported (apps/Deployment is)")]
    public void Resolve_TemplateNotFoundOrKindNotServed_NotReadyWithTheReason(string kind, string problem)
    {
        var spec = kind == "PodTemplate"
            ? new CapacityBufferSpec { PodTemplateRef = new CapacityBufferObjectRef { Name = "missing" }, Replicas = 1 }
            : new CapacityBufferSpec { ScalableRef = new CapacityBufferScalableRef { ApiGroup = "apps", Kind = kind, Name = "missing" }, Replicas = 1 };

        var resolved = Resolve(Buffer(spec));

        Assert.Null(resolved.Buffer);
        Assert.Equal(problem, resolved.Problem);
    }

    [Fact]
    public void Resolve_UnreadableSchedule_NotReadyNamingTheField()
    {
        var resolved = Resolve(Buffer(new CapacityBufferSpec
        {
            ScalableRef = new CapacityBufferScalableRef { Kind = "Deployment", Name = "web" },
            Replicas = 1,
            Headroom = new CapacityBufferHeadroom { Schedule = "not a cron", Duration = "8h" },
        }), [Web(1)]);

        Assert.StartsWith("spec.headroom.schedule \"not a cron\":", resolved.Problem, StringComparison.Ordinal);
        Assert.Equal(0, resolved.Buffer!.Size.Replicas);
    }

    [Fact]
    public void Resolve_ScheduleWindow_OpenHoldsClosedHoldsNothing()
    {
        CapacityBuffer Windowed(string schedule) => Buffer(new CapacityBufferSpec
        {
            ScalableRef = new CapacityBufferScalableRef { Kind = "Deployment", Name = "web" },
            Replicas = 2,
            Headroom = new CapacityBufferHeadroom { Schedule = schedule, Duration = "2h" },
        });

        Assert.Equal(2, Resolve(Windowed("0 11 * * *"), [Web(1)]).Buffer!.Size.Replicas);
        Assert.True(Resolve(Windowed("0 8 * * *"), [Web(1)]).Buffer!.Size.WindowClosed);
    }

    [Fact]
    public void Resolve_AnotherProvisioningStrategy_IsSomeoneElsesAndSkipped()
    {
        var buffer = Buffer(new CapacityBufferSpec { ProvisioningStrategy = "example.com/other", Replicas = 1 });

        Assert.Empty(new BufferResolver(new ListCache<CapacityBuffer>(buffer), new ListCache<V1Deployment>(), new ListCache<V1PodTemplate>()).Resolve(ClusterSnapshot.Empty, Now));
    }
}
