using Extender.Core.Disruption;

namespace Extender.Disruption.Ports;

/// <summary>The cluster's PodDisruptionBudgets as the watch last showed them, for picking disruption candidates.</summary>
public interface IPodBudgetSource
{
    PodBudgets Current { get; }
}
