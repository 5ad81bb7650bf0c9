namespace Extender.Core.Scheduling;

/// <summary>
/// How a node failed, in kube-scheduler's terms: <see cref="Unschedulable"/> means preemption might make room
/// (resources, ports, anti-affinity); <see cref="UnschedulableAndUnresolvable"/> means it cannot (taints, selectors,
/// node affinity, pod affinity, cordon, unknown node).
/// </summary>
public enum FitOutcome
{
    Fits,
    Unschedulable,
    UnschedulableAndUnresolvable,
}
