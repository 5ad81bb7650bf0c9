using Extender.Core.Capacity;
using Extender.Core.Catalog;
using Extender.Core.Cluster;

namespace Extender.Aws.Tests.Support;

internal static class Requests
{
    public static LaunchRequest Launch(string claim = "claim-1", string token = "token-claim-1", params LaunchOption[] options) => new(
        claim,
        token,
        "default",
        "default",
        options.Length > 0 ? options : DefaultOptions,
        new Dictionary<string, string> { [WellKnownLabels.NodePool] = "default" },
        [new Taint("dedicated", "gpu", "NoSchedule")],
        [],
        new Dictionary<string, string> { ["cost-center"] = "42" });

    public static LaunchOption[] DefaultOptions { get; } =
    [
        new("c5.large", "us-east-1a", CapacityTypes.OnDemand, 0.085m),
        new("c5.large", "us-east-1b", CapacityTypes.OnDemand, 0.085m),
        new("m5.large", "us-east-1a", CapacityTypes.OnDemand, 0.096m),
    ];
}
