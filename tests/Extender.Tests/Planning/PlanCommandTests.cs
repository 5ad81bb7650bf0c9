using System.Text;
using System.Text.Json;
using Extender.Commands;

namespace Extender.Tests.Planning;

public sealed class PlanCommandTests
{
    private static readonly string Data = FindData();

    [Fact]
    public void Run_WorkloadsWithNodePools_PlansEveryReplicaInJsonShape()
    {
        var (code, json, _) = Run("workloads.yaml", "nodepools.yaml");

        Assert.Equal(0, code);
        var root = json!.RootElement;
        var nodes = root.GetProperty("nodes").EnumerateArray().ToList();
        var pods = nodes.SelectMany(n => n.GetProperty("pods").EnumerateArray().Select(p => p.GetString())).ToList();
        Assert.Equal(11, pods.Count);
        Assert.Contains("shop/db-2", pods);
        Assert.Contains("shop/web-5", pods);
        Assert.All(nodes.Where(n => n.GetProperty("pods").EnumerateArray().Any(p => p.GetString()!.StartsWith("ml/", StringComparison.Ordinal))),
            n => Assert.Equal("gpu", n.GetProperty("nodePool").GetString()));
        Assert.Equal(nodes.Sum(n => n.GetProperty("pricePerHour").GetDecimal()), root.GetProperty("totalPricePerHour").GetDecimal());
        Assert.Empty(root.GetProperty("unschedulable").EnumerateArray());
        Assert.True(root.TryGetProperty("solveMilliseconds", out _));
        foreach (var node in nodes)
        {
            Assert.Equal(node.GetProperty("instanceType").GetString(), node.GetProperty("instanceTypeOptions")[0].GetString());
        }
    }

    [Fact]
    public void Run_KubectlListWithNode_UsesExistingNodeAndExplainsUnschedulable()
    {
        var (code, json, _) = Run("pods-list.yaml");

        Assert.Equal(0, code);
        var root = json!.RootElement;
        var existing = Assert.Single(root.GetProperty("existingNodes").EnumerateArray());
        Assert.Equal("ip-10-0-1-5.ec2.internal", existing.GetProperty("name").GetString());
        Assert.Equal(["default/api-7d9f8-fghij"], existing.GetProperty("pods").EnumerateArray().Select(p => p.GetString()));
        var unschedulable = Assert.Single(root.GetProperty("unschedulable").EnumerateArray());
        Assert.Equal("default/huge-0", unschedulable.GetProperty("pod").GetString());
        Assert.Contains("no instance type in any NodePool fits the pod's requests (cpu=2000", unschedulable.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Run_BadNodePool_ExitsTwoNamingFileObjectAndField()
    {
        var (code, _, error) = Run("pods-list.yaml", "bad-nodepool.yaml");

        Assert.Equal(Cli.BadInput, code);
        Assert.Contains("bad-nodepool.yaml", error, StringComparison.Ordinal);
        Assert.Contains("NodePool broken", error, StringComparison.Ordinal);
        Assert.Contains("spec.template.spec.requirements[0]", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_MissingFile_ExitsTwo()
    {
        var (code, _, error) = Run("does-not-exist.yaml");

        Assert.Equal(Cli.BadInput, code);
        Assert.Contains("does-not-exist.yaml", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_MalformedYaml_ExitsTwoNamingLine()
    {
        var path = Path.Combine(Path.GetTempPath(), $"plan-bad-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, "apiVersion: v1\nkind: Pod\nmetadata: [unclosed\n");
        try
        {
            using var stdout = new MemoryStream();
            using var stderr = new StringWriter();

            var code = PlanCommand.Run(path, null, null, NoSpot, "json", stdout, stderr);

            Assert.Equal(Cli.BadInput, code);
            Assert.Contains("line", stderr.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Run_TableOutput_PrintsTotal()
    {
        using var stdout = new MemoryStream();
        using var stderr = new StringWriter();

        var code = PlanCommand.Run(Path.Combine(Data, "workloads.yaml"), Path.Combine(Data, "nodepools.yaml"), null, NoSpot, "table", stdout, stderr);

        Assert.Equal(0, code);
        var text = Encoding.UTF8.GetString(stdout.ToArray());
        Assert.Contains("Total", text, StringComparison.Ordinal);
        Assert.Contains("new nodes", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_SpotNodePoolWithoutSpotPrices_SaysSpotIsUnavailableAndWhy()
    {
        var (code, json, _) = Run("spot-pod.yaml", "spot-nodepool.yaml");

        Assert.Equal(0, code);
        var reason = Assert.Single(json!.RootElement.GetProperty("unschedulable").EnumerateArray()).GetProperty("reason").GetString();
        Assert.Contains("NodePool spot: spot offerings are unavailable: plan was given no spot prices (--spot-prices FILE or --spot-discount FRACTION)", reason, StringComparison.Ordinal);
        Assert.DoesNotContain("no instance type matches", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_SpotNodePoolWithoutSpotPrices_TableSaysSpotIsUnavailable()
    {
        using var stdout = new MemoryStream();
        using var stderr = new StringWriter();

        var code = PlanCommand.Run(Path.Combine(Data, "spot-pod.yaml"), Path.Combine(Data, "spot-nodepool.yaml"), null, NoSpot, "table", stdout, stderr);

        Assert.Equal(0, code);
        Assert.Contains("Spot offerings are unavailable: plan was given no spot prices", Encoding.UTF8.GetString(stdout.ToArray()), StringComparison.Ordinal);
    }

    [Fact]
    public void Run_SpotDiscount_PlansSpotAtTheFractionOfOnDemand()
    {
        var (code, json, _) = Run("spot-pod.yaml", "spot-nodepool.yaml", new SpotOptions(null, 0.3m));

        Assert.Equal(0, code);
        var node = Assert.Single(json!.RootElement.GetProperty("nodes").EnumerateArray());
        Assert.Equal("spot", node.GetProperty("capacityType").GetString());
        Assert.Equal(0.0288m, node.GetProperty("pricePerHour").GetDecimal());
    }

    [Fact]
    public void Run_SpotPriceFile_PlansTheNewestPriceOfTheCheapestZone()
    {
        var (code, json, _) = Run("spot-pod.yaml", "spot-nodepool.yaml", new SpotOptions(Path.Combine(Data, "spot-prices.json"), null));

        Assert.Equal(0, code);
        var node = Assert.Single(json!.RootElement.GetProperty("nodes").EnumerateArray());
        Assert.Equal(("spot", "us-east-1a", 0.031m), (node.GetProperty("capacityType").GetString(), node.GetProperty("zone").GetString(), node.GetProperty("pricePerHour").GetDecimal()));
    }

    [Theory]
    [InlineData("spot-prices.json", "0.3", "give at most one")]
    [InlineData(null, "1.5", "--spot-discount 1.5: must be in (0, 1]")]
    [InlineData("spot-pod.yaml", null, "spot-pod.yaml: not valid JSON")]
    public void Run_BadSpotOptions_ExitTwoSayingWhy(string? file, string? discount, string expected)
    {
        var spot = new SpotOptions(file is null ? null : Path.Combine(Data, file), discount is null ? null : decimal.Parse(discount, System.Globalization.CultureInfo.InvariantCulture));

        var (code, _, error) = Run("spot-pod.yaml", "spot-nodepool.yaml", spot);

        Assert.Equal(Cli.BadInput, code);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    private static SpotOptions NoSpot => new(null, null);

    private static (int Code, JsonDocument? Json, string Error) Run(string pods, string? nodePools = null, SpotOptions? spot = null)
    {
        using var stdout = new MemoryStream();
        using var stderr = new StringWriter();
        var code = PlanCommand.Run(Path.Combine(Data, pods), nodePools is null ? null : Path.Combine(Data, nodePools), null, spot ?? NoSpot, "json", stdout, stderr);
        var json = code == 0 ? JsonDocument.Parse(stdout.ToArray()) : null;
        return (code, json, stderr.ToString());
    }

    private static string FindData()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "Extender.Tests", "Planning", "Data");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("tests/Extender.Tests/Planning/Data not found above the test binaries");
    }
}
