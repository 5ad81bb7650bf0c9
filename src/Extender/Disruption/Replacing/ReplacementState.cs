using Extender.Core.Disruption;

namespace Extender.Disruption.Replacing;

/// <summary>Where a <see cref="ReplacementHold"/> stands.</summary>
/// <param name="Ready">Slots held on a node that is Ready and initialized: their pods would bind at once.</param>
/// <param name="Waiting">Slots held on capacity still booting.</param>
/// <param name="Lost">Slots no longer held (their claim found no capacity or went away, or their TTL ended): plan them again.</param>
internal sealed record ReplacementState(int Ready, int Waiting, IReadOnlyList<DisplacedPod> Lost)
{
    /// <summary>Every slot still held is on Ready capacity (a hold with no slots is ready at once).</summary>
    public bool AllReady => Waiting == 0 && Lost.Count == 0;
}
