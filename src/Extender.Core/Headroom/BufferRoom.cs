using Extender.Core.Claims;
using Extender.Core.Cluster;

namespace Extender.Core.Headroom;

/// <summary>
/// What one buffer must do now. <see cref="ToHold"/>: replicas whose room is to be found (existing room first, else new
/// claims: the provisioner's planner decides where); <see cref="ToRelease"/>: slots beyond the buffer's size, or whose
/// node no longer has their room free.
/// </summary>
/// <param name="Buffer">The buffer.</param>
/// <param name="Held">Slots it holds now, wherever they are (booting capacity included), before this decision.</param>
/// <param name="ReadyHeld">Of those, slots on a Ready node with their room still free: what a pod can bind to now.</param>
/// <param name="ToHold">Each new replica as a pending pod to plan, with the slot to hold for it.</param>
/// <param name="ToRelease">Slot UIDs to give up.</param>
public sealed record BufferRoom(
    HeadroomBuffer Buffer,
    int Held,
    int ReadyHeld,
    IReadOnlyList<(Pod AsPending, ReservedPod Slot)> ToHold,
    IReadOnlyList<string> ToRelease)
{
    /// <summary>Standing slots old enough to be held again on their own claim under a new slot (the old one then goes).</summary>
    public IReadOnlyList<SlotRenewal> ToRenew { get; init; } = [];

    /// <summary>The buffer wants room and none is ready to take now.</summary>
    public bool IsEmpty => Buffer.Size.Replicas > 0 && ReadyHeld == 0;
}
