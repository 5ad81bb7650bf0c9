namespace Extender.Sandbox.Ec2;

/// <summary>Built-in instance type lists for the sandbox.</summary>
public static class SandboxInstanceTypes
{
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
}
