using Extender.Core.Headroom;
using Extender.Kubernetes.CustomResources;
using Extender.NodeClasses;
using k8s.Models;

namespace Extender.Headroom;

/// <summary>
/// Each buffer's <c>status</c> as upstream writes it: <c>replicas</c>, <c>podTemplateRef</c> (of a
/// <c>podTemplateRef</c> buffer), <c>podTemplateGeneration</c>, <c>provisioningStrategy</c>, and conditions
/// <c>ReadyForProvisioning</c> (it could be read and sized) and <c>Provisioning</c> (room is being held for it); plus
/// ours, <c>readyReplicas</c>. Written only when it changed (leader only).
/// </summary>
internal sealed class HeadroomStatus(StatusWrites writes, TimeProvider time, ILogger<HeadroomStatus> logger)
{
    public const string ReadyForProvisioning = "ReadyForProvisioning";
    public const string Provisioning = "Provisioning";

    public async Task WriteAsync(IReadOnlyList<ResolvedBuffer> resolved, IReadOnlyList<BufferRoom> rooms, CancellationToken cancellationToken)
    {
        var byKey = rooms.ToDictionary(r => r.Buffer.Key);
        foreach (var buffer in resolved)
        {
            var room = buffer.Buffer is { } b ? byKey.GetValueOrDefault(b.Key) : null;
            if (buffer.Problem is { } problem && !Equals(Condition(buffer.Object, ReadyForProvisioning)?.Message, problem))
            {
                HeadroomLog.NotReady(logger, buffer.Key, problem);
            }

            await writes.WriteAsync(buffer.Object, Status(buffer, room), cancellationToken);
        }
    }

    public CapacityBufferStatus Status(ResolvedBuffer buffer, BufferRoom? room)
    {
        var now = time.GetUtcNow();
        var size = buffer.Buffer?.Size;
        var ready = buffer.Problem is null;
        var replicas = size?.Replicas ?? 0;
        var held = room?.ReadyHeld ?? 0;
        var provisioning = ready && replicas > 0;
        var (reason, message) = (ready, size) switch
        {
            (false, _) => ("NotReadyForProvisioning", "the buffer is not ready for provisioning"),
            (true, { WindowClosed: true }) => ("WindowClosed", "outside spec.headroom.schedule's window: no room held"),
            _ when replicas == 0 => ("NoReplicas", "the buffer sizes to 0 replicas"),
            _ when held >= replicas => ("RoomReady", $"room for {held} of {replicas} replicas is held on Ready nodes"),
            _ => ("RoomLaunching", $"room for {held} of {replicas} replicas is held on Ready nodes; the rest is being found or launched"),
        };
        return new CapacityBufferStatus
        {
            PodTemplateRef = buffer.TemplateName is { } name ? new CapacityBufferObjectRef { Name = name } : null,
            Replicas = ready ? replicas : null,
            ReadyReplicas = ready ? held : null,
            PodTemplateGeneration = buffer.TemplateGeneration,
            ProvisioningStrategy = CapacityBuffer.ActiveCapacity,
            Conditions =
            [
                StatusConditions.Condition(buffer.Object.Status?.Conditions, ReadyForProvisioning, ready, ready ? "AttributesSetSuccessfully" : "InvalidBuffer", buffer.Problem ?? "ready", buffer.Object.Metadata.Generation, now),
                StatusConditions.Condition(buffer.Object.Status?.Conditions, Provisioning, provisioning, reason, message, buffer.Object.Metadata.Generation, now),
            ],
        };
    }


    private static V1Condition? Condition(CapacityBuffer buffer, string type) => buffer.Status?.Conditions?.FirstOrDefault(c => c.Type == type);
}
