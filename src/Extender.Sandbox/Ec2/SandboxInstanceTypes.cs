using System.Globalization;
using Extender.Core.Catalog;
using Extender.Core.Resources;

namespace Extender.Sandbox.Ec2;

/// <summary>Built-in instance type lists for the sandbox.</summary>
public static class SandboxInstanceTypes
{
    private static readonly Lazy<IReadOnlyList<SandboxInstanceType>> EmbeddedTypes = new(() => FromCatalog(DefaultCatalog.Load()));

    /// <summary>
    /// Every instance type of the catalog embedded in Core, at its prices: what the sandbox sells by default, so that
    /// what the provisioner buys here costs what <c>plan</c> computes from the same catalog.
    /// </summary>
    public static IReadOnlyList<SandboxInstanceType> Embedded => EmbeddedTypes.Value;

    /// <summary>A small, realistic set (us-east-1 on-demand Linux prices).</summary>
    public static IReadOnlyList<SandboxInstanceType> Default { get; } =
    [
        new("t3.medium", "x86_64", 2, 4096, 3, 6, 0.0416m),
        new("m5.large", "x86_64", 2, 8192, 3, 10, 0.096m),
        new("m5.xlarge", "x86_64", 4, 16384, 4, 15, 0.192m),
        new("m6i.large", "x86_64", 2, 8192, 3, 10, 0.096m),
        new("m7i.large", "x86_64", 2, 8192, 3, 10, 0.1008m),
        new("m7i.xlarge", "x86_64", 4, 16384, 4, 15, 0.2016m),
        new("m7i.2xlarge", "x86_64", 8, 32768, 4, 15, 0.4032m),
        new("c5.large", "x86_64", 2, 4096, 3, 10, 0.085m),
        new("c7i.xlarge", "x86_64", 4, 8192, 4, 15, 0.1785m),
        new("c7i.2xlarge", "x86_64", 8, 16384, 4, 15, 0.357m),
        new("r7i.large", "x86_64", 2, 16384, 3, 10, 0.1323m),
        new("m6g.large", "arm64", 2, 8192, 3, 10, 0.077m),
        new("m7g.xlarge", "arm64", 4, 16384, 4, 15, 0.1632m),
        new("g5.xlarge", "x86_64", 4, 16384, 4, 15, 1.006m, 1, "A10G"),
        new("g5.12xlarge", "x86_64", 48, 196608, 8, 30, 5.672m, 4, "A10G"),
    ];

    /// <summary><paramref name="count"/> synthetic types (sizes of made-up families) for load tests of the catalog build.</summary>
    public static IReadOnlyList<SandboxInstanceType> Synthetic(int count)
    {
        string[] sizes = ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge"];
        return [.. Enumerable.Range(0, count).Select(i =>
        {
            var size = i % sizes.Length;
            var vcpus = 2 << size;
            return new SandboxInstanceType(
                $"x{i / sizes.Length}n.{sizes[size]}",
                i % 3 == 0 ? "arm64" : "x86_64",
                vcpus,
                vcpus * 4096L,
                Math.Min(15, 3 + size),
                Math.Min(50, 10 + (5 * size)),
                0.048m * vcpus);
        })];
    }

    /// <summary>
    /// The raw EC2 facts behind a Core catalog: vCPUs and memory from the instance attribute labels, and one network
    /// interface with as many addresses as give the catalog's max-pods under the VPC CNI formula
    /// <c>ENIs × (IPs − 1) + 2</c>. Types without an on-demand price or a vCPU/memory label are left out.
    /// </summary>
    public static IReadOnlyList<SandboxInstanceType> FromCatalog(InstanceCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return [.. catalog.InstanceTypes.Select(FromCatalogType).OfType<SandboxInstanceType>()];
    }

    private static SandboxInstanceType? FromCatalogType(InstanceType type)
    {
        var price = type.Offerings.FirstOrDefault(o => o.CapacityType == CapacityTypes.OnDemand)?.PricePerHour;
        if (price is null || Label(type, WellKnownLabels.InstanceCpu) is not { } vcpus || Label(type, WellKnownLabels.InstanceMemory) is not { } memory)
        {
            return null;
        }

        var pods = (int)(type.Allocatable[ResourceNames.Pods] / 1000);
        // The sandbox reports every GPU as NVIDIA's, so only the types whose allocatable carries nvidia.com/gpu get GPUs.
        var gpus = (int)(type.Allocatable[ResourceNames.NvidiaGpu] / 1000);
        return new SandboxInstanceType(
            type.Name,
            type.Architecture == "arm64" ? "arm64" : "x86_64",
            (int)vcpus,
            memory,
            1,
            Math.Max(2, pods - 1),
            price.Value,
            gpus,
            gpus == 0 ? null : type.Labels.GetValueOrDefault(WellKnownLabels.InstanceGpuName));
    }

    private static long? Label(InstanceType type, string key) =>
        type.Labels.TryGetValue(key, out var text) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
}
