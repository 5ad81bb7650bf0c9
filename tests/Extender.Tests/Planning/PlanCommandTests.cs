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

        Assert.Equal(PlanCommand.SomeUnschedulable, code);
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

    // Namespace objects among the manifests give namespace selectors their labels: the batch pod avoids app=web pods in
    // team-a namespaces, so it shares a node with the web pod only when the web pod's namespace is not team a.
    [Theory]
    [InlineData("a", 2)]
    [InlineData("b", 1)]
    public void Run_NamespaceObjects_NamespaceSelectorsPickByTheirLabels(string team, int nodes)
    {
        var path = Path.Combine(Path.GetTempPath(), $"plan-ns-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, """
            apiVersion: v1
            kind: Namespace
            metadata:
              name: shop
              labels: {team: TEAM}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: web, namespace: shop, labels: {app: web}}
            spec:
              containers: [{name: c, image: x, resources: {requests: {cpu: 100m}}}]
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: batch, namespace: tools}
            spec:
              containers: [{name: c, image: x, resources: {requests: {cpu: 100m}}}]
              affinity:
                podAntiAffinity:
                  requiredDuringSchedulingIgnoredDuringExecution:
                  - topologyKey: kubernetes.io/hostname
                    labelSelector: {matchLabels: {app: web}}
                    namespaceSelector: {matchLabels: {team: a}}
            """.Replace("TEAM", team, StringComparison.Ordinal));
        try
        {
            var (code, json, error) = RunAt(new PlanArguments(path, null, null, "json"));

            Assert.True(code == 0, error);
            Assert.Equal(nodes, json!.RootElement.GetProperty("nodes").GetArrayLength());
        }
        finally
        {
            File.Delete(path);
        }
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

            var code = PlanCommand.Run(new PlanArguments(path, null, null, "json"), stdout, stderr);

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

        var code = PlanCommand.Run(new PlanArguments(Path.Combine(Data, "workloads.yaml"), Path.Combine(Data, "nodepools.yaml"), null, "table"), stdout, stderr);

        Assert.Equal(0, code);
        var text = Encoding.UTF8.GetString(stdout.ToArray());
        Assert.Contains("Total", text, StringComparison.Ordinal);
        Assert.Contains("new nodes", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_DirectoryWithServicesAndCronJob_PlansItsWorkloadsAndNamesWhatItSkipped()
    {
        var dir = Directory.CreateTempSubdirectory("plan-dir-").FullName;
        try
        {
            File.Copy(Path.Combine(Data, "workloads.yaml"), Path.Combine(dir, "a-workloads.yaml"));
            File.WriteAllText(Path.Combine(dir, "b-release.yml"), """
                apiVersion: v1
                kind: Service
                metadata: {name: web, namespace: shop}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: settings, namespace: shop}
                ---
                apiVersion: batch/v1
                kind: CronJob
                metadata: {name: nightly, namespace: shop}
                spec:
                  schedule: "0 3 * * *"
                  jobTemplate:
                    spec:
                      parallelism: 2
                      template:
                        spec:
                          restartPolicy: Never
                          containers: [{name: c, image: x, resources: {requests: {cpu: "1"}}}]
                """);
            File.WriteAllText(Path.Combine(dir, "notes.txt"), "not a manifest");

            var (code, json, error) = RunAt(new PlanArguments(dir, Path.Combine(Data, "nodepools.yaml"), null));
            var (codeWithCron, jsonWithCron, _) = RunAt(new PlanArguments(dir, Path.Combine(Data, "nodepools.yaml"), null, IncludeCronJobs: true));

            Assert.Equal(0, code);
            Assert.Equal("note: skipped 3 object(s) that carry no pods: Service shop/web, ConfigMap shop/settings, CronJob shop/nightly (runs on a schedule; --include-cronjobs plans one run)", error.Trim());
            Assert.Equal(0, codeWithCron);
            Assert.Equal(PlannedPods(json!) + 2, PlannedPods(jsonWithCron!));
            Assert.Contains("shop/nightly-1", jsonWithCron!.RootElement.GetRawText(), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Run_SomePodsUnschedulable_ExitsThree()
    {
        var path = Path.Combine(Path.GetTempPath(), $"plan-huge-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, "apiVersion: v1\nkind: Pod\nmetadata: {name: huge, namespace: default}\nspec:\n  containers: [{name: c, image: x, resources: {requests: {cpu: \"100000\"}}}]\n");
        try
        {
            var (code, _, _) = RunAt(new PlanArguments(path, null, null));

            Assert.Equal(PlanCommand.SomeUnschedulable, code);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Run_YamlOutput_CarriesTheJsonObject()
    {
        using var json = new MemoryStream();
        using var yaml = new MemoryStream();
        PlanCommand.Run(new PlanArguments(Path.Combine(Data, "workloads.yaml"), Path.Combine(Data, "nodepools.yaml"), null, "json"), json, new StringWriter());
        PlanCommand.Run(new PlanArguments(Path.Combine(Data, "workloads.yaml"), Path.Combine(Data, "nodepools.yaml"), null, "yaml"), yaml, new StringWriter());

        var fromYaml = Extender.Planning.YamlJsonTree.Parse(Encoding.UTF8.GetString(yaml.ToArray())).Single().Document!.AsObject();
        var fromJson = System.Text.Json.Nodes.JsonNode.Parse(json.ToArray())!.AsObject();
        fromYaml.Remove("solveMilliseconds");
        fromJson.Remove("solveMilliseconds");
        Assert.Equal(fromJson.ToJsonString(), fromYaml.ToJsonString());
    }

    [Theory]
    [InlineData(80)]
    [InlineData(160)]
    public void Run_TableAtTerminalWidth_FitsAndNeverBreaksANodeOrInstanceName(int width)
    {
        using var stdout = new MemoryStream();
        using var json = new MemoryStream();
        var arguments = new PlanArguments(Path.Combine(Data, "workloads.yaml"), Path.Combine(Data, "nodepools.yaml"), null, "table");
        PlanCommand.Run(arguments with { Output = "json" }, json, new StringWriter());

        PlanCommand.Run(arguments, stdout, new StringWriter(), stream =>
        {
            var console = Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings
            {
                Out = new Spectre.Console.AnsiConsoleOutput(new StreamWriter(stream, leaveOpen: true) { AutoFlush = true }),
                Ansi = Spectre.Console.AnsiSupport.No,
            });
            console.Profile.Width = width;
            return console;
        });

        var lines = Encoding.UTF8.GetString(stdout.ToArray()).Split('\n');
        Assert.All(lines, line => Assert.True(line.TrimEnd('\r').Length <= width, $"{line.Length} > {width}: {line}"));
        var words = lines.SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToHashSet(StringComparer.Ordinal);
        foreach (var node in JsonDocument.Parse(json.ToArray()).RootElement.GetProperty("nodes").EnumerateArray())
        {
            Assert.Contains(node.GetProperty("name").GetString()!, words);
            Assert.Contains(node.GetProperty("instanceType").GetString()!, words);
            Assert.Contains(node.GetProperty("zone").GetString()!, words);
        }
    }

    private static int PlannedPods(JsonDocument json) =>
        json.RootElement.GetProperty("nodes").EnumerateArray().Sum(n => n.GetProperty("pods").GetArrayLength());

    private static (int Code, JsonDocument? Json, string Error) RunAt(PlanArguments arguments)
    {
        using var stdout = new MemoryStream();
        using var stderr = new StringWriter();
        var code = PlanCommand.Run(arguments, stdout, stderr);
        var json = code is 0 or PlanCommand.SomeUnschedulable ? JsonDocument.Parse(stdout.ToArray()) : null;
        return (code, json, stderr.ToString());
    }

    [Fact]
    public void Run_SpotNodePoolWithoutSpotPrices_SaysSpotIsUnavailableAndWhy()
    {
        var (code, json, _) = Run("spot-pod.yaml", "spot-nodepool.yaml");

        Assert.Equal(PlanCommand.SomeUnschedulable, code);
        var reason = Assert.Single(json!.RootElement.GetProperty("unschedulable").EnumerateArray()).GetProperty("reason").GetString();
        Assert.Contains("NodePool spot: spot offerings are unavailable: plan was given no spot prices (--spot-prices FILE or --spot-discount FRACTION)", reason, StringComparison.Ordinal);
        Assert.DoesNotContain("no instance type matches", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_SpotNodePoolWithoutSpotPrices_TableSaysSpotIsUnavailable()
    {
        using var stdout = new MemoryStream();
        using var stderr = new StringWriter();

        var code = PlanCommand.Run(new PlanArguments(Path.Combine(Data, "spot-pod.yaml"), Path.Combine(Data, "spot-nodepool.yaml"), null, "table"), stdout, stderr);

        Assert.Equal(PlanCommand.SomeUnschedulable, code);
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

    private static (int Code, JsonDocument? Json, string Error) Run(string pods, string? nodePools = null, SpotOptions? spot = null)
    {
        using var stdout = new MemoryStream();
        using var stderr = new StringWriter();
        var code = PlanCommand.Run(new PlanArguments(Path.Combine(Data, pods), nodePools is null ? null : Path.Combine(Data, nodePools), null, "json", Spot: spot), stdout, stderr);
        var json = code is 0 or PlanCommand.SomeUnschedulable ? JsonDocument.Parse(stdout.ToArray()) : null;
        return (code, json, stderr.ToString());
    }

    internal static string FindData()
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
