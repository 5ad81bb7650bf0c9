using System.Text.Json.Nodes;
using System.Threading.Channels;
using Extender.Core.Catalog;
using Extender.Core.Cluster;
using Extender.Sandbox.Ec2;
using Extender.Sandbox.Kubernetes;

namespace Extender.Sandbox.Kubelet;

/// <summary>
/// Turns the sandbox EC2 endpoint's instance starts and terminations into the simulated kubelet's events, with the
/// instance's user data (which decides whether the node can join at all). A real node learns its labels and taints
/// from the kubelet flags in that user data; the sandbox reads them from the NodeClaim named by the instance's tag
/// instead (its labels, its single-valued <c>In</c> requirements and its taints), which also covers the labels a
/// launch template shared by several claims cannot carry.
/// </summary>
public sealed class Ec2InstanceFeed : IDisposable
{
    private const string ClaimApiVersion = WellKnownLabels.Group + "/v1alpha1";

    private readonly SandboxEc2Server _ec2;
    private readonly SandboxApiServer _api;
    private readonly Channel<InstanceEvent> _events = Channel.CreateUnbounded<InstanceEvent>(new UnboundedChannelOptions { SingleReader = true });

    private Ec2InstanceFeed(SandboxEc2Server ec2, SandboxApiServer api)
    {
        _ec2 = ec2;
        _api = api;
        ec2.InstanceStarted += OnStarted;
        ec2.InstanceTerminated += OnTerminated;
    }

    /// <summary>Events in the order the endpoint raised them; hand this to <see cref="SimulatedKubelet.Start"/>.</summary>
    public ChannelReader<InstanceEvent> Events => _events.Reader;

    public static Ec2InstanceFeed Attach(SandboxEc2Server ec2, SandboxApiServer api)
    {
        ArgumentNullException.ThrowIfNull(ec2);
        ArgumentNullException.ThrowIfNull(api);
        return new Ec2InstanceFeed(ec2, api);
    }

    public void Dispose()
    {
        _ec2.InstanceStarted -= OnStarted;
        _ec2.InstanceTerminated -= OnTerminated;
        _events.Writer.TryComplete();
    }

    private void OnStarted(object? sender, SandboxInstance instance) =>
        _events.Writer.TryWrite(new InstanceEvent(InstanceEventKind.Started, ToSimulated(instance)));

    private void OnTerminated(object? sender, SandboxInstance instance) =>
        _events.Writer.TryWrite(new InstanceEvent(InstanceEventKind.Terminated, ToSimulated(instance)));

    private SimulatedInstance ToSimulated(SandboxInstance instance)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in (string[])[WellKnownLabels.NodePool, WellKnownLabels.NodeClaim])
        {
            if (instance.Tags.TryGetValue(key, out var value))
            {
                labels[key] = value;
            }
        }

        var claim = instance.Tags.TryGetValue(WellKnownLabels.NodeClaim, out var name) ? FindClaim(name) : null;
        var taints = claim is null ? [] : ClaimLabelsAndTaints(claim, labels);
        return new SimulatedInstance(instance.InstanceId, instance.PrivateDnsName, instance.InstanceType, instance.Zone, instance.CapacityType, labels, taints)
        {
            UserData = instance.UserData,
        };
    }

    private JsonObject? FindClaim(string name) =>
        _api.List(ClaimApiVersion, "NodeClaim").FirstOrDefault(c => (string?)c["metadata"]?["name"] == name);

    private static List<Taint> ClaimLabelsAndTaints(JsonObject claim, Dictionary<string, string> labels)
    {
        foreach (var (key, value) in claim["metadata"]?["labels"]?.AsObject() ?? [])
        {
            if (value?.GetValue<string>() is { } text)
            {
                labels[key] = text;
            }
        }

        var spec = claim["spec"]?.AsObject();
        foreach (var requirement in spec?["requirements"]?.AsArray() ?? [])
        {
            if ((string?)requirement?["operator"] == "In" && requirement?["values"]?.AsArray() is [{ } only] && (string?)requirement["key"] is { } key)
            {
                labels[key] = only.GetValue<string>();
            }
        }

        return [.. (spec?["taints"]?.AsArray() ?? []).OfType<JsonObject>().Select(t => new Taint(
            (string?)t["key"] ?? "", (string?)t["value"] ?? "", (string?)t["effect"] ?? "NoSchedule"))];
    }
}
