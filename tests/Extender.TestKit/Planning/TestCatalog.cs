using Extender.Core.Catalog;
using Extender.Core.Resources;

namespace Extender.TestKit.Planning;

/// <summary>Small hand-made instance catalogs for planner tests (zones us-east-1a..c, on-demand unless told).</summary>
public static class TestCatalog
{
    public static readonly string[] Zones = ["us-east-1a", "us-east-1b", "us-east-1c"];

    /// <summary>An instance type with <paramref name="cpu"/> vCPUs and <paramref name="memoryGi"/> GiB allocatable.</summary>
    public static InstanceType Type(string name, int cpu, int memoryGi, decimal price, int maxPods = 110, int gpus = 0, decimal? spotPrice = null, string arch = "amd64")
    {
        var allocatable = new List<(string, long)>
        {
            (ResourceNames.Cpu, cpu * 1000L),
            (ResourceNames.Memory, memoryGi * 1024L * 1024 * 1024 * 1000),
            (ResourceNames.Pods, maxPods * 1000L),
        };
        if (gpus > 0)
        {
            allocatable.Add((ResourceNames.NvidiaGpu, gpus * 1000L));
        }

        var offerings = Zones.Select(z => new Offering(z, CapacityTypes.OnDemand, price)).ToList();
        if (spotPrice is { } spot)
        {
            offerings.AddRange(Zones.Select(z => new Offering(z, CapacityTypes.Spot, spot)));
        }

        return new InstanceType
        {
            Name = name,
            Labels = new Dictionary<string, string>
            {
                [WellKnownLabels.InstanceType] = name,
                [WellKnownLabels.Arch] = arch,
                [WellKnownLabels.Os] = "linux",
                [WellKnownLabels.InstanceFamily] = name.Split('.')[0],
                [WellKnownLabels.InstanceCpu] = cpu.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
            Allocatable = ResourceList.Of([.. allocatable]),
            Offerings = offerings,
        };
    }

    /// <summary>Three general-purpose sizes with linear prices plus a GPU type.</summary>
    public static InstanceCatalog Small() => new(
    [
        Type("m.large", 2, 8, 0.10m),
        Type("m.xlarge", 4, 16, 0.20m),
        Type("m.2xlarge", 8, 32, 0.40m),
        Type("g.xlarge", 4, 16, 0.50m, gpus: 1),
    ]);
}
