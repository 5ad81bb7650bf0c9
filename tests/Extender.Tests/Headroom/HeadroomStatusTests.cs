using Extender.Core.Headroom;
using Extender.Headroom;
using Extender.Kubernetes.CustomResources;
using Extender.Kubernetes.Writes;
using Extender.NodeClasses;
using Extender.TestKit.Builders;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Extender.Tests.Headroom;

/// <summary>A CapacityBuffer's status, with upstream's names: replicas, conditions ReadyForProvisioning and Provisioning.</summary>
public sealed class HeadroomStatusTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly Writer _writer = new();
    private readonly HeadroomStatus _status;

    public HeadroomStatusTests() =>
        _status = new HeadroomStatus(new StatusWrites(_writer, Options.Create(new NodeClassStatusOptions()), NullLogger<StatusWrites>.Instance), new FakeTimeProvider(T0), NullLogger<HeadroomStatus>.Instance);

    private static CapacityBuffer Object() => new() { Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "default", Uid = "u", Generation = 2 } };

    private static ResolvedBuffer Resolved(BufferSize size) => new(
        Object(),
        new HeadroomBuffer(new BufferSpec { Namespace = "default", Name = "web", Uid = "u" }, new PodBuilder("t").Cpu("1").Build(), size),
        size.Problem,
        null,
        5);

    private static BufferRoom Room(ResolvedBuffer buffer, int ready) => new(buffer.Buffer!, ready, ready, [], []);

    public static TheoryData<BufferSize, int, string, string, string> Cases => new()
    {
        // size, ready held, ReadyForProvisioning, Provisioning, Provisioning reason
        { new BufferSize(3, null, false), 3, "True", "True", "RoomReady" },
        { new BufferSize(3, null, false), 1, "True", "True", "RoomLaunching" },
        { new BufferSize(0, null, true), 0, "True", "False", "WindowClosed" },
        { new BufferSize(0, null, false), 0, "True", "False", "NoReplicas" },
        { BufferSize.Failed("replicas, percentage and limits are not defined"), 0, "False", "False", "NotReadyForProvisioning" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Status_ConditionsAsUpstreamNamesThem(BufferSize size, int ready, string readyForProvisioning, string provisioning, string reason)
    {
        var resolved = Resolved(size);

        var status = _status.Status(resolved, Room(resolved, ready));

        Assert.Equal(readyForProvisioning, status.Conditions!.Single(c => c.Type == "ReadyForProvisioning").Status);
        var condition = status.Conditions!.Single(c => c.Type == "Provisioning");
        Assert.Equal(provisioning, condition.Status);
        Assert.Equal(reason, condition.Reason);
        Assert.Equal(2, condition.ObservedGeneration);
        Assert.Equal(size.Problem is null ? size.Replicas : null, status.Replicas);
        Assert.Equal(5, status.PodTemplateGeneration);
        Assert.Equal("buffer.x-k8s.io/active-capacity", status.ProvisioningStrategy);
    }

    [Fact]
    public async Task WriteAsync_WrittenOnceThenOnlyWhenItChanges()
    {
        var resolved = Resolved(new BufferSize(2, null, false));
        await _status.WriteAsync([resolved], [Room(resolved, 1)], CancellationToken.None);
        var written = Assert.Single(_writer.Written);
        var stored = resolved with { Object = new CapacityBuffer { Metadata = resolved.Object.Metadata, Status = written.Status } };

        await _status.WriteAsync([stored], [Room(stored, 1)], CancellationToken.None);
        await _status.WriteAsync([stored], [Room(stored, 2)], CancellationToken.None);

        Assert.Equal(2, _writer.Written.Count);
        Assert.Equal(2, _writer.Written[1].Status!.ReadyReplicas);
    }

    private sealed class Writer : ICustomResourceStatusWriter
    {
        public List<CapacityBuffer> Written { get; } = [];

        public Task<EC2NodeClass> ReplaceStatusAsync(EC2NodeClass nodeClass, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<NodePoolResource> ReplaceStatusAsync(NodePoolResource nodePool, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<CapacityBuffer> ReplaceStatusAsync(CapacityBuffer buffer, CancellationToken cancellationToken)
        {
            Written.Add(buffer);
            return Task.FromResult(buffer);
        }
    }
}
