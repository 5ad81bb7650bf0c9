using Extender.Core.Reservations;

namespace Extender.Core.Headroom;

/// <summary>
/// A buffer's room is held as replacement slots (<see cref="ReplacementKey"/>) whose owner is the buffer: written in a
/// claim's <c>reservedFor</c> like any slot, so every replica holds it, refused to every other pod, and taken over by
/// an intended pod as a replacement takes its slot.
/// </summary>
public static class HeadroomKey
{
    public const string OwnerKind = "CapacityBuffer";

    // The slot key needs a shape; a buffer's pods are matched by its selector instead, so every slot has this one.
    private const string Shape = "headroom";

    public static ReplacementKey Of(string @namespace, string bufferUid) => new(@namespace, OwnerKind, bufferUid, "", Shape);

    public static bool IsHeadroom(ReplacementKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.OwnerKind == OwnerKind;
    }
}
