namespace Extender.Core.Scheduling;

/// <summary>The verdict for one pod on one node; <paramref name="Reason"/> is kube-scheduler's text, empty on success.</summary>
public readonly record struct FitResult(FitOutcome Outcome, string Reason)
{
    public static FitResult Success { get; } = new(FitOutcome.Fits, "");

    public bool Fits => Outcome == FitOutcome.Fits;

    internal static FitResult Unschedulable(string reason) => new(FitOutcome.Unschedulable, reason);

    internal static FitResult Unresolvable(string reason) => new(FitOutcome.UnschedulableAndUnresolvable, reason);
}
