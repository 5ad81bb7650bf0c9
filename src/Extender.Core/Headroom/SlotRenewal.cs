using Extender.Core.Claims;
using Extender.Core.Cluster;

namespace Extender.Core.Headroom;

/// <summary>A slot to hold again where it is: <paramref name="Slot"/> replaces <paramref name="OldSlot"/> on <paramref name="Claim"/>.</summary>
public sealed record SlotRenewal(string OldSlot, string Claim, Pod AsPending, ReservedPod Slot);
