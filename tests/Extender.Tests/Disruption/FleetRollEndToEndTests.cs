using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Extender.Tests.EndToEnd;
using k8s;
using k8s.Models;
using Xunit.Abstractions;
using static Extender.Tests.Disruption.DisruptionSandbox;

namespace Extender.Tests.Disruption;

/// <summary>
/// A fleet roll through the whole demo stack: a NodePool's template label changes, every node launched from the old
/// template is NodePoolDrifted, and the fleet is replaced oldest first, as many at a time as the NodePool's budget
/// allows, through the Eviction API (a PodDisruptionBudget guards the workload), the next wave's replacements
/// reserved ahead (<c>Disruption:PreSpinWaves</c>). The size is 10 nodes and the boot 1 s here;
/// <c>EXTENDER_FLEET_ROLL_NODES=200</c> runs the issue's size outside CI, <c>EXTENDER_FLEET_ROLL_BOOT</c> (seconds)
/// a longer boot, and <c>EXTENDER_FLEET_ROLL_PRESPIN=0</c> the roll without pre-spun waves.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class FleetRollEndToEndTests(ITestOutputHelper output)
{
    private static readonly int Nodes = int.TryParse(Environment.GetEnvironmentVariable("EXTENDER_FLEET_ROLL_NODES"), CultureInfo.InvariantCulture, out var n) ? n : 10;
    private static readonly int Boot = int.TryParse(Environment.GetEnvironmentVariable("EXTENDER_FLEET_ROLL_BOOT"), CultureInfo.InvariantCulture, out var b) ? b : 1;
    private static readonly string? PreSpinWaves = Environment.GetEnvironmentVariable("EXTENDER_FLEET_ROLL_PRESPIN");
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60 + (Nodes * 3) + (Boot * 10));

    // One 1.5-vCPU pod per two-vCPU node; a 20% budget. Karpenter's drift replaces one node per pass.
    private static readonly string Scenario = OnePodPerNodeScenario("{consolidationPolicy: WhenEmpty, consolidateAfter: 30s, budgets: [{nodes: \"20%\"}]}", "{rollout: one}", bootSeconds: Boot);

    [Fact]
    public async Task ChangeTemplateLabel_EveryOldNodeReplacedOldestFirstSeveralAtATimeWithinTheBudget_NoPodDeletedWithoutEviction()
    {
        // The shipped default pre-spins one wave; the variable measures the roll without it.
        await using var run = await EndToEndRun.StartAsync(Scenario, environment =>
        {
            if (PreSpinWaves is not null)
            {
                environment.ExtraSidecarSettings["Disruption:PreSpinWaves"] = PreSpinWaves;
            }
        });
        var client = run.Environment.Client;
        await client.AppsV1.CreateNamespacedDeploymentAsync(DisruptionSandbox.Deployment("web", Nodes, terminationGracePeriodSeconds: 1), "default");
        await client.PolicyV1.CreateNamespacedPodDisruptionBudgetAsync(
            new V1PodDisruptionBudget { Metadata = new V1ObjectMeta { Name = "web" }, Spec = new V1PodDisruptionBudgetSpec { MaxUnavailable = "20%", Selector = Selector("web") } }, "default");
        await UntilAsync(() => RunningPods(run, "web").Count() == Nodes, $"{Nodes} running pods", Patience);
        var old = Claims(run).ToDictionary(Name, c => DateTimeOffset.Parse((string)c["metadata"]!["creationTimestamp"]!, CultureInfo.InvariantCulture));
        var oldNodes = run.Nodes.Select(Name).ToHashSet(StringComparer.Ordinal);

        using var watching = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();
        var watch = Task.Run(() => WatchAsync(run, old.Keys.ToHashSet(StringComparer.Ordinal), clock, watching.Token));
        await client.CustomObjects.PatchClusterCustomObjectAsync(
            new V1Patch(new { spec = new { template = new { metadata = new { labels = new { rollout = "two" } } } } }, V1Patch.PatchType.MergePatch),
            "provisioning.extender.io", "v1alpha1", "nodepools", "default");
        await UntilAsync(
            () => run.Nodes.All(n => !oldNodes.Contains(Name(n))) && RunningOnNewNodes(run) == Nodes,
            "every old node replaced and every pod running on a new one",
            Patience);
        var rolled = clock.Elapsed;
        await watching.CancelAsync();
        var seen = await watch;

        var started = seen.DeletionStarted;
        var first = started.Values.Min();
        var oneReplacement = seen.FirstReplacementRunning!.Value - first;
        output.WriteLine($"{Nodes} nodes rolled in {(rolled - first).TotalSeconds:F1} s from the first drift decision ({first.TotalSeconds:F1} s after the change); "
            + $"one replacement (decision to its pod running on a new node) {oneReplacement.TotalSeconds:F1} s: {(rolled - first) / oneReplacement:F1}x; "
            + $"at most {seen.MostDisrupting} disrupting at once (budget {(int)Math.Ceiling(Nodes * 0.2)} of the fleet, {MostAtOnce} with a wave's and the pre-spun waves' replacements); PDB below its minimum in {seen.PdbViolations} samples; "
            + $"boot {Boot} s, pre-spun waves {PreSpinWaves ?? "1 (default)"}");
        Assert.Equal(old.Keys.Order(StringComparer.Ordinal), started.Keys.Order(StringComparer.Ordinal));
        Assert.All(Claims(run), c => Assert.Equal("two", (string?)c["metadata"]?["labels"]?["rollout"]));
        // The budget is a share of the pool's initialized nodes, and reserve before evict adds a wave's replacements
        // (Ready before any eviction) to them while the wave drains, and pre-spinning the next waves' ones: 20% of
        // the fleet plus one wave and the pre-spun ones.
        Assert.InRange(seen.MostDisrupting, 2, MostAtOnce);

        // Oldest first: a claim created strictly later does not start draining before an older one. Under load a few
        // older claims went a pass late (200 nodes on a loaded machine: 5, by at most 4.3 s); a disruption whose writes
        // fail is decided again on the next pass, which would explain it.
        // Empty nodes (bought but never given a pod) go before drifted ones, as in Karpenter: only drifted ones are ordered.
        var drifted = old.Where(c => seen.Reasons.GetValueOrDefault(c.Key) == "Drifted").ToList();
        var inversions = drifted.SelectMany(a => drifted.Where(b => b.Value > a.Value && started[a.Key] > started[b.Key]).Select(b => (Older: a.Key, Younger: b.Key, Lag: started[a.Key] - started[b.Key]))).ToList();
        output.WriteLine($"{drifted.Count} drifted, {old.Count - drifted.Count} otherwise ({string.Join(", ", seen.Reasons.Values.Where(r => r != "Drifted").Distinct())})");
        output.WriteLine($"{inversions.Count} pairs where the younger claim went first, by at most {inversions.Select(i => i.Lag.TotalSeconds).DefaultIfEmpty(0).Max():F1} s");
        var late = inversions.Select(i => i.Older).Distinct(StringComparer.Ordinal).ToList();
        Assert.True(late.Count <= Nodes / 20, $"{late.Count} claims went after younger ones: {string.Join("; ", inversions.Take(10).Select(i => $"{i.Younger} {i.Lag.TotalSeconds:F1} s before the older {i.Older}"))}");
        Assert.True(drifted.Count >= Nodes * 0.9, $"only {drifted.Count} of {old.Count} old claims seen going as Drifted");
        Assert.All(run.Instances.Where(i => i.State == "running"), i => Assert.NotEmpty(i.SecurityGroupIds));
        Assert.Equal(0, SidecarPodDeletes(run));
        Assert.Equal(0, seen.PdbViolations);
        Assert.Contains(Events(run), e => (string?)e["reason"] == "Disrupting" && ((string?)e["note"] ?? "").Contains("NodePoolDrifted", StringComparison.Ordinal));
    }

    // The budget's share of the fleet with a wave's replacements and the pre-spun waves' ones initialized.
    private static int MostAtOnce => (int)Math.Ceiling((Nodes + ((1 + int.Parse(PreSpinWaves ?? "1", CultureInfo.InvariantCulture)) * Math.Ceiling(Nodes * 0.2))) * 0.2);

    private static string Name(JsonObject o) => (string)o["metadata"]!["name"]!;

    private static int RunningOnNewNodes(EndToEndRun run)
    {
        var fresh = run.Nodes.Where(n => (string?)n["metadata"]?["labels"]?["rollout"] == "two").Select(Name).ToHashSet(StringComparer.Ordinal);
        return RunningPods(run, "web").Count(p => fresh.Contains(p.Spec.NodeName ?? ""));
    }

    /// <summary>When each old claim began to go, how many went at once, and whether the PodDisruptionBudget ever fell short.</summary>
    private static async Task<Seen> WatchAsync(EndToEndRun run, HashSet<string> old, Stopwatch clock, CancellationToken stop)
    {
        var started = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        var reasons = new Dictionary<string, string>(StringComparer.Ordinal);
        TimeSpan? firstReplacement = null;
        var most = 0;
        var violations = 0;
        while (!stop.IsCancellationRequested)
        {
            var now = clock.Elapsed;
            var claims = Claims(run).Where(c => old.Contains(Name(c))).ToList();
            var disrupting = claims.Where(c => c["metadata"]?["deletionTimestamp"] is not null).Select(Name).ToList();
            foreach (var name in disrupting.Concat(old.Where(o => claims.All(c => Name(c) != o))))
            {
                started.TryAdd(name, now);
            }

            foreach (var claim in claims.Where(c => c["metadata"]?["deletionTimestamp"] is not null))
            {
                if (claim["status"]?["conditions"]?.AsArray().FirstOrDefault(c => (string?)c?["type"] == "Disrupting")?["reason"] is { } reason)
                {
                    reasons.TryAdd(Name(claim), (string)reason!);
                }
            }

            most = Math.Max(most, disrupting.Count);
            if (firstReplacement is null && started.Count > 0 && RunningOnNewNodes(run) > 0)
            {
                firstReplacement = now;
            }

            var pdb = run.Environment.Api.List("policy/v1", "PodDisruptionBudget").SingleOrDefault()?["status"];
            violations += pdb?["currentHealthy"] is { } healthy && pdb["desiredHealthy"] is { } desired && (int)healthy < (int)desired ? 1 : 0;
            await Task.Delay(100, CancellationToken.None);
        }

        return new Seen(started, reasons, firstReplacement, most, violations);
    }

    /// <param name="DeletionStarted">When each old claim was first seen deleting (or gone).</param>
    /// <param name="Reasons">Its <c>Disrupting</c> condition's reason, where a sample caught it.</param>
    /// <param name="FirstReplacementRunning">When a moved pod first ran on a new node.</param>
    /// <param name="MostDisrupting">The most old claims deleting at once.</param>
    /// <param name="PdbViolations">Samples in which the PodDisruptionBudget had fewer healthy pods than it requires.</param>
    private sealed record Seen(Dictionary<string, TimeSpan> DeletionStarted, Dictionary<string, string> Reasons, TimeSpan? FirstReplacementRunning, int MostDisrupting, int PdbViolations);
}
