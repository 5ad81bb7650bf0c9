using Extender.Core.Reservations;

namespace Extender.Provisioning.Ports;

/// <summary>
/// The room CapacityBuffers hold (see <c>Extender.Headroom</c>), as the pod watch needs it: which buffer's slots a new
/// pending pod may take, and word that it took one, so that the buffer is refilled at once.
/// </summary>
public interface IHeadroomRoom
{
    /// <summary>The slot key of the buffer whose room <paramref name="pod"/> may take; null when none admits it.</summary>
    ReplacementKey? KeyFor(Core.Cluster.Pod pod);

    void Taken(ReplacementKey key);
}
