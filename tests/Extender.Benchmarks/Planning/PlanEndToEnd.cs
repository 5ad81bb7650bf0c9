using System.Diagnostics;
using System.Globalization;
using System.Text;
using Extender.Commands;

namespace Extender.Benchmarks.Planning;

/// <summary>
/// Times the <c>plan</c> command end to end (YAML parsing, mapping, catalog, planning, JSON output) on a generated
/// <c>kubectl get pods -A -o yaml</c>-style file of the reference workload's pods.
/// </summary>
internal static class PlanEndToEnd
{
    public static void Run(TextWriter output, int podCount)
    {
        var path = Path.Combine(Path.GetTempPath(), $"plan-e2e-{podCount}.yaml");
        File.WriteAllText(path, KubectlList(podCount));
        try
        {
            for (var round = 1; round <= 3; round++)
            {
                using var sink = new MemoryStream();
                var clock = Stopwatch.StartNew();
                var code = PlanCommand.Run(path, null, null, "json", sink, Console.Error);
                var elapsed = clock.Elapsed.TotalMilliseconds;
                if (code != 0)
                {
                    throw new InvalidOperationException($"plan exited with {code}");
                }

                using var json = System.Text.Json.JsonDocument.Parse(sink.ToArray());
                var solve = json.RootElement.GetProperty("solveMilliseconds").GetDouble();
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"plan on {podCount} pods, round {round}: exit {code}, {elapsed:0} ms end to end, of which {solve:0} ms planning"));
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static string KubectlList(int count)
    {
        var text = new StringBuilder("apiVersion: v1\nkind: List\nmetadata:\n  resourceVersion: \"\"\nitems:\n");
        foreach (var pod in ReferenceWorkload.Pods(count))
        {
            var kind = pod.Labels["kind"];
            text.Append("- apiVersion: v1\n  kind: Pod\n  metadata:\n")
                .Append(CultureInfo.InvariantCulture, $"    name: {pod.Name}\n    namespace: default\n    uid: {pod.Uid}\n    labels: {{kind: {kind}}}\n")
                .Append("  spec:\n    containers:\n    - name: app\n      image: app\n      resources:\n")
                .Append(CultureInfo.InvariantCulture, $"        requests: {{cpu: {pod.Requests["cpu"]}m, memory: \"{pod.Requests["memory"] / 1000}\"}}\n")
                .Append(Constraint(kind))
                .Append("  status:\n    phase: Pending\n");
        }

        return text.ToString();
    }

    private static string Constraint(string kind) => kind switch
    {
        "zone-spread" => Spread(kind, "topology.kubernetes.io/zone"),
        "host-spread" => Spread(kind, "kubernetes.io/hostname"),
        "zone-affinity" => Affinity("podAffinity", kind, "topology.kubernetes.io/zone"),
        "host-anti" => Affinity("podAntiAffinity", kind, "kubernetes.io/hostname"),
        _ => "",
    };

    private static string Spread(string kind, string key) =>
        $"    topologySpreadConstraints:\n    - maxSkew: 1\n      topologyKey: {key}\n      whenUnsatisfiable: DoNotSchedule\n      labelSelector: {{matchLabels: {{kind: {kind}}}}}\n";

    private static string Affinity(string field, string kind, string key) =>
        $"    affinity:\n      {field}:\n        requiredDuringSchedulingIgnoredDuringExecution:\n        - topologyKey: {key}\n          labelSelector: {{matchLabels: {{kind: {kind}}}}}\n";
}
