using Extender.Core.Cluster;

namespace Extender.Core.Planning;

/// <summary>A pod the plan cannot place, with a reason a user can act on.</summary>
public sealed record UnschedulablePod(Pod Pod, string Reason);
