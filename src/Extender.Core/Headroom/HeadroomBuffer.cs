using Extender.Core.Cluster;
using Extender.Core.Reservations;

namespace Extender.Core.Headroom;

/// <summary>A buffer ready to be decided on: its spec, one pod of its template (what each replica's room must fit), and its size now.</summary>
public sealed record HeadroomBuffer(BufferSpec Spec, Pod Template, BufferSize Size)
{
    public ReplacementKey Key => HeadroomKey.Of(Spec.Namespace, Spec.Uid);

    /// <summary>Whether <paramref name="pod"/> may take this buffer's room: same namespace, matched by its selector.</summary>
    public bool Admits(Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        return pod.Namespace == Spec.Namespace && Scheduling.LabelSelectors.Matches(Spec.Selector, pod.Labels);
    }
}
