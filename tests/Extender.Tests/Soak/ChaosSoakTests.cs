using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Extender.Core.Capacity;
using Extender.Core.Catalog;
using Extender.Core.Cluster;
using Extender.Core.Reservations;
using Extender.Demo;
using Extender.Sandbox.Kubelet;
using Extender.Sandbox.Kubernetes;
using Extender.Sandbox.Scheduling;
using Extender.Sandbox.Sqs;
using Extender.Tests.Deployment.AsShipped;
using Extender.Tests.Disruption;
using Extender.Tests.EndToEnd;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Extender.Tests.Soak;

/// <summary>
/// The chaos soak (issue 23): the shipped install's two replicas (rendered manifests, RBAC, the Deployment's env), the
/// scheduler stand-in, the kubelet, and a workload of opted-in pods that comes and goes, while faults are injected at
/// random from a seed: 5% of the sidecars' API calls fail (500, 503, 429, 409 on updates, resets before and after the
/// request was applied, answers 2 s late), watches are dropped every 20 s and the history compacted every 45 s (so
/// resumes get 410 Gone), 5% of EC2 calls are throttled, 5% of launches and terminations lose their answer after
/// taking effect, 1% of calls answer 3 s late, an offering runs out of capacity now and then, and the provisioning
/// leader is killed (its token revoked first, as a lost node) and replaced every <see cref="Settings.LeaderKillEvery"/>.
/// Invariants are checked every second and after the faults stop (see the README's guarantees). The CI run lasts
/// 100 s; <c>EXTENDER_SOAK_SECONDS</c> and <c>EXTENDER_SOAK_SEED</c> choose another.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class ChaosSoakTests(ITestOutputHelper output)
{
    private const string OptedIn = "ec2-capacity-scheduler";
    private const string ClaimKind = "NodeClaim";
    private const string CustomResource = "provisioning.extender.io/v1alpha1";
    private const string InterruptionQueue = "sandbox-interruptions";
    private static readonly string[] Sizes = ["250m", "500m", "1", "1500m", "3"];

    [KubectlFact]
    public async Task Soak_RandomFaultsAndLeaderKills_NothingLostLeakedOrBoughtTwice()
    {
        var settings = Settings.FromEnvironment();
        var dice = new Random(settings.Seed);
        var violations = new List<string>();
        // Each replica's clock is off by up to ClockSkew either way, drawn from the seed (its own dice, so the workload is
        // the same as without skew).
        var skews = new Random(settings.Seed + 1);
        var clocks = new List<SkewedClock>();
        await using var sqs = await SandboxSqsServer.StartAsync(TimeProvider.System, CancellationToken.None);
        sqs.CreateQueue(InterruptionQueue);
        await using var cluster = await AsShippedCluster.StartAsync(options: new AsShippedOptions
        {
            Clocks = _ =>
            {
                var skewed = new SkewedClock(TimeSpan.FromMilliseconds(skews.Next(-(int)settings.ClockSkew.TotalMilliseconds, (int)settings.ClockSkew.TotalMilliseconds + 1)));
                clocks.Add(skewed);
                return skewed;
            },
            InterruptionQueue = (sqs, InterruptionQueue),
        });
        Assert.True(await AsShippedCluster.Eventually(() => cluster.Replicas.Count(r => r.IsLeader) == 1, TimeSpan.FromSeconds(30)), "no leader");
        using var admin = new k8s.Kubernetes(cluster.Api.ClientConfiguration());
        cluster.Api.Upsert(DefaultResources.NodeClass());
        // Spot is cheaper, so most nodes are spot, and spot nodes are interrupted.
        var pool = DefaultResources.NodePool();
        pool["spec"]!["template"]!["spec"]!["requirements"]![0]!["values"] = new JsonArray("spot", "on-demand");
        cluster.Api.Upsert(pool);
        using var call = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var types = await cluster.Replicas[0].App.Services.GetRequiredService<ICapacityProvider>().GetInstanceTypesAsync(call.Token);
        using var feed = Ec2InstanceFeed.Attach(cluster.Ec2, cluster.Api);
        await using var kubelet = SimulatedKubelet.Start(admin, feed.Events, new InstanceCatalog(types), new SimulatedKubeletOptions { BootTime = TimeSpan.FromSeconds(2), Cluster = cluster.Api.Cluster });
        var scheduled = cluster.Replicas.First(r => !r.IsLeader);
        var scheduler = SandboxScheduler.Start(admin, ShippedSchedulerConfig.For(cluster.Objects, scheduled.Address));
        await scheduler.WaitForSyncAsync(call.Token);

        cluster.Api.Chaos = new ApiChaos(settings.ApiFaultRate, settings.Seed, User: "ec2-capacity-extender");
        cluster.Ec2.Faults.ThrottleRate = settings.Ec2FaultRate;
        cluster.Ec2.Faults.LostAnswerRate = settings.Ec2FaultRate;
        cluster.Ec2.Faults.SlowRate = 0.01;
        cluster.Ec2.Faults.SlowBy = TimeSpan.FromSeconds(3);
        var interrupter = new SpotInterrupter(cluster.Ec2, sqs, InterruptionQueue, TimeProvider.System);
        var interruptions = new List<Task<string?>>();
        var kills = new Dictionary<KillPoint, int>();
        Tripwire? armed = null;
        var created = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var waited = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        var orphanSince = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        var nextKill = settings.LeaderKillEvery;
        var podNumber = 0;

        async Task KillLeaderAsync(KillPoint point, Action? release = null)
        {
            if (cluster.Replicas.SingleOrDefault(r => r.IsLeader) is not { } leader)
            {
                release?.Invoke();
                return;
            }

            if (leader == scheduled)
            {
                // The scheduler is the killed pod's container too: its replacement calls a surviving replica.
                await scheduler.DisposeAsync();
                scheduled = cluster.Replicas.First(r => r != leader);
                scheduler = SandboxScheduler.Start(admin, ShippedSchedulerConfig.For(cluster.Objects, scheduled.Address));
            }

            // The token is revoked before the first await, so the held answer is let go only to a dead caller.
            var killing = cluster.KillAsync(leader);
            release?.Invoke();
            await killing;
            kills[point] = kills.GetValueOrDefault(point) + 1;
            await cluster.ReplaceAsync();
        }

        try
        {
            while (clock.Elapsed < settings.Duration)
            {
                var tick = Task.Delay(TimeSpan.FromSeconds(1));
                await (armed is null ? tick : Task.WhenAny(tick, armed.Reached));
                var second = (int)clock.Elapsed.TotalSeconds;
                await WorkloadStepAsync(admin, dice, created, () => podNumber++);
                if (second % 20 == 0)
                {
                    cluster.Api.DropWatches();
                }

                if (second % 45 == 0)
                {
                    cluster.Api.Compact();
                }

                if (dice.NextDouble() < 0.02)
                {
                    var type = types[dice.Next(types.Count)].Name;
                    cluster.Ec2.Faults.InsufficientCapacity(type, null, dice.Next(2) == 0 ? "spot" : "on-demand", TimeSpan.FromSeconds(20));
                }

                // A spot warning a minute, whose reclaim (two minutes later, as EC2's) still falls in the run or the settling.
                if (second % 60 == 25 && second + 120 <= settings.Duration.TotalSeconds + 60 && cluster.Ec2.Instances.Where(i => i is { State: "running", CapacityType: "spot" }).ToList() is { Count: > 0 } spot)
                {
                    var victim = spot[dice.Next(spot.Count)];
                    interruptions.Add(InterruptAsync(cluster, interrupter, victim));
                }

                if (armed is null && clock.Elapsed >= nextKill)
                {
                    // The kill points in turn: each point the issue names, where the request that reaches it is applied
                    // and its answer held until the leader is dead, then one at random.
                    nextKill += settings.LeaderKillEvery;
                    var point = (KillPoint)(kills.Values.Sum() % Enum.GetValues<KillPoint>().Length);
                    armed = point == KillPoint.AtRandom ? null : Arm(cluster, new Tripwire(point, clock.Elapsed + settings.KillPointWait));
                    if (armed is null)
                    {
                        await KillLeaderAsync(KillPoint.AtRandom);
                    }
                }

                if (armed is { } wire && (wire.Reached.IsCompleted || clock.Elapsed >= wire.Deadline))
                {
                    // Not reached in time (no eviction in the window, say): counted as a kill at random.
                    armed = null;
                    await KillLeaderAsync(wire.Reached.IsCompleted ? wire.Point : KillPoint.AtRandom, wire.Release);
                }

                Sample(cluster, created, waited, orphanSince, violations);
            }

            // The faults stop; what was in flight must come to rest.
            armed?.Release();
            cluster.Api.Chaos = null;
            (cluster.Ec2.Faults.ThrottleRate, cluster.Ec2.Faults.LostAnswerRate, cluster.Ec2.Faults.SlowRate) = (0, 0, 0);
            // The last warnings' reclaims (two minutes each) come while the cluster settles. Sampled throughout, so that a
            // pod's wait ends when it bound, not when the settling ended.
            bool AllBound()
            {
                Sample(cluster, created, waited, orphanSince, violations);
                return OptedInPods(cluster).All(p => p["spec"]!["nodeName"] is not null);
            }

            var settled = await AsShippedCluster.Eventually(AllBound, settings.Settle);
            violations.AddRange((await Task.WhenAll(interruptions)).OfType<string>());
            settled = settled && await AsShippedCluster.Eventually(AllBound, settings.Settle);
            await Task.Delay(TimeSpan.FromSeconds(5));
            if (!settled)
            {
                violations.Add("pods never bound: " + string.Join(", ", OptedInPods(cluster).Where(p => p["spec"]!["nodeName"] is null).Select(p => p["metadata"]!["name"])));
            }

            violations.AddRange(AtRest(cluster));
            violations.AddRange(await ReplicasAtRestAsync(cluster));
        }
        finally
        {
            armed?.Release();
            await scheduler.DisposeAsync();
        }

        var launched = cluster.Ec2.Instances.Count;
        var (slowest, worst) = waited.Count == 0 ? new KeyValuePair<string, TimeSpan>("none", TimeSpan.Zero) : waited.MaxBy(w => w.Value);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"soak {settings.Duration.TotalSeconds:F0} s, seed {settings.Seed}: pods created {podNumber}, bound {waited.Count}, worst wait {worst.TotalSeconds:F1} s ({slowest}); " +
            $"spot interruptions {interruptions.Count}; leader kills {kills.Values.Sum()} ({string.Join(", ", kills.Select(k => $"{k.Key} {k.Value}"))}); clock skews {string.Join(", ", clocks.Select(c => $"{c.Skew.TotalSeconds:+0.0;-0.0} s"))}; " +
            $"instances launched {launched}; API faults {Describe(cluster.Api.ChaosInjected)}; EC2 faults {Describe(cluster.Ec2.Faults.Injected)}; violations {violations.Count}"));
        foreach (var violation in violations.Distinct())
        {
            output.WriteLine("VIOLATION " + violation);
        }

        Assert.Empty(violations.Distinct());
    }

    /// <summary>
    /// EC2's two-minute spot warning for <paramref name="victim"/>, then its reclaim; what the warning is for: by then no
    /// pod may still run on its node (moved onto replacement capacity, or gone with a drained node). The violation, if any.
    /// </summary>
    private static async Task<string?> InterruptAsync(AsShippedCluster cluster, SpotInterrupter interrupter, Extender.Sandbox.Ec2.SandboxInstance victim)
    {
        var node = cluster.Api.List("v1", "Node").FirstOrDefault(n => (string?)n["spec"]?["providerID"] == victim.ProviderId)?["metadata"]?["name"]?.GetValue<string>();
        await interrupter.InterruptAsync(victim.InstanceId, CancellationToken.None);
        var stranded = OptedInPods(cluster).Where(p => node is not null && (string?)p["spec"]!["nodeName"] == node).Select(p => (string)p["metadata"]!["name"]!).ToList();
        return stranded.Count == 0 ? null : $"spot instance {victim.InstanceId} reclaimed two minutes after its warning with pods still on node {node}: {string.Join(", ", stranded)}";
    }

    /// <summary>Arms <paramref name="wire"/> at its point: the next such request is applied, then held until the kill.</summary>
    private static Tripwire Arm(AsShippedCluster cluster, Tripwire wire)
    {
        switch (wire.Point)
        {
            case KillPoint.AfterClaimWrite:
                cluster.Api.InjectFault(new Fault("POST", "/nodeclaims", 0) { Reset = FaultReset.AfterHandling, Held = wire.HeldAsync });
                break;
            case KillPoint.AfterLaunch:
                cluster.Ec2.Faults.LoseNextAnswer("CreateFleet", wire.HeldAsync);
                break;
            case KillPoint.MidDrain:
                cluster.Api.InjectFault(new Fault("POST", "/eviction", 0) { Reset = FaultReset.AfterHandling, Held = wire.HeldAsync });
                break;
        }

        return wire;
    }

    private static async Task WorkloadStepAsync(k8s.Kubernetes admin, Random dice, Dictionary<string, DateTimeOffset> created, Func<int> next)
    {
        // Bursts and trickles up, deletions down: about 4 pods a second in, 3 out once there are some.
        var burst = dice.NextDouble() < 0.1 ? dice.Next(5, 15) : dice.Next(0, 4);
        for (var i = 0; i < burst; i++)
        {
            var name = $"soak-{next()}";
            var pod = new V1Pod
            {
                Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default" },
                Spec = new V1PodSpec
                {
                    SchedulerName = OptedIn,
                    TerminationGracePeriodSeconds = 0,
                    Containers = [new V1Container { Name = "app", Image = "app", Resources = new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(Sizes[dice.Next(Sizes.Length)]), ["memory"] = new("1Gi") } } }],
                },
            };
            await admin.CoreV1.CreateNamespacedPodAsync(pod, "default");
            created[name] = DateTimeOffset.UtcNow;
        }

        var live = created.Keys.ToList();
        var deletions = live.Count < 20 ? 0 : dice.Next(0, 6);
        for (var i = 0; i < deletions && live.Count > 0; i++)
        {
            var victim = live[dice.Next(live.Count)];
            live.Remove(victim);
            try
            {
                await admin.CoreV1.DeleteNamespacedPodAsync(victim, "default", new V1DeleteOptions { GracePeriodSeconds = 0 });
            }
            catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
            }

            created.Remove(victim);
        }
    }

    /// <summary>What must hold at every moment: no claim with two instances; no instance without a claim past the GC grace.</summary>
    private static void Sample(AsShippedCluster cluster, Dictionary<string, DateTimeOffset> created, Dictionary<string, TimeSpan> waited, Dictionary<string, DateTimeOffset> orphanSince, List<string> violations)
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var pod in OptedInPods(cluster))
        {
            var name = (string)pod["metadata"]!["name"]!;
            if (pod["spec"]!["nodeName"] is not null && !waited.ContainsKey(name) && created.TryGetValue(name, out var at))
            {
                waited[name] = now - at;
            }
        }

        var claims = cluster.Api.List(CustomResource, ClaimKind).Select(c => (string)c["metadata"]!["name"]!).ToHashSet(StringComparer.Ordinal);
        var live = cluster.Ec2.Instances.Where(i => i.State is "pending" or "running").ToList();
        foreach (var twice in live.GroupBy(i => i.Tags.GetValueOrDefault(WellKnownLabels.NodeClaim) ?? "").Where(g => g.Count() > 1))
        {
            violations.Add($"claim '{twice.Key}' has {twice.Count()} live instances ({string.Join(", ", twice.Select(i => i.InstanceId))})");
        }

        foreach (var instance in live)
        {
            var claim = instance.Tags.GetValueOrDefault(WellKnownLabels.NodeClaim) ?? "";
            if (claims.Contains(claim))
            {
                orphanSince.Remove(instance.InstanceId);
            }
            else if (!orphanSince.TryAdd(instance.InstanceId, now) && now - orphanSince[instance.InstanceId] > TimeSpan.FromSeconds(90))
            {
                // Garbage collection: 30 s grace, a pass every 30 s, plus a leader change.
                violations.Add($"instance {instance.InstanceId} of claim '{claim}' lived without its claim for over 90 s");
            }
        }
    }

    /// <summary>What must hold once the faults have stopped and the cluster came to rest.</summary>
    private static IEnumerable<string> AtRest(AsShippedCluster cluster)
    {
        var nodes = cluster.Api.List("v1", "Node").ToDictionary(n => (string)n["metadata"]!["name"]!, StringComparer.Ordinal);
        var now = DateTimeOffset.UtcNow;
        foreach (var claim in cluster.Api.List(CustomResource, ClaimKind))
        {
            var name = (string)claim["metadata"]!["name"]!;
            if (Stuck(claim, now))
            {
                yield return $"NodeClaim '{name}' has been deleting since {claim["metadata"]!["deletionTimestamp"]}";
            }

        }

        foreach (var (name, node) in nodes)
        {
            if (Stuck(node, now))
            {
                yield return $"Node '{name}' has been deleting since {node["metadata"]!["deletionTimestamp"]}";
            }
        }

        var deletes = DisruptionSandbox.SidecarPodDeletes(cluster.Api);
        if (deletes > 0)
        {
            yield return $"the sidecars deleted {deletes} pods without the Eviction API";
        }
    }

    /// <summary>
    /// Capacity held for a pod is used by it or released, and the gauges agree: with every pod bound, no replica may still hold a
    /// reservation (<c>spec.reservedFor</c> is the claim's record of whom it was bought for and stays; the ledger
    /// each replica steers the filter with is what holds room, and its gauge says how many pods it holds it for).
    /// </summary>
    private static async Task<List<string>> ReplicasAtRestAsync(AsShippedCluster cluster)
    {
        var held = new List<string>();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        foreach (var replica in cluster.Replicas)
        {
            var metrics = (await http.GetStringAsync(new Uri(replica.ProbesAddress, "/metrics"))).Split('\n');
            double Gauge(string name) => metrics.FirstOrDefault(l => l.StartsWith(name + " ", StringComparison.Ordinal)) is { } line
                ? double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture)
                : 0;

            // What the gauges say must agree with the cluster at rest: no pod pending, no PodDisruptionBudget in the run.
            foreach (var gauge in (string[])["extender_provisioner_pending_pods", "extender_disruption_drains_blocked"])
            {
                if (Gauge(gauge) is var value and not 0)
                {
                    held.Add($"{replica.Pod.Name}: {gauge} is {value} at rest");
                }
            }

            var active = Gauge("extender_reservations_active");
            if (active > 0)
            {
                // Name what is held, and whether the API server and this replica's cache still have each pod.
                var cache = replica.App.Services.GetRequiredService<ClusterState>().Current;
                var pods = cluster.Api.List("v1", "Pod").Select(p => (string?)p["metadata"]!["uid"]).ToHashSet(StringComparer.Ordinal);
                var shares = replica.App.Services.GetRequiredService<ReservationLedger>().Current.Claims
                    .SelectMany(h => h.Pods.Values.Select(p => $"{p.Pod.Name} on {h.ClaimName} (api {(pods.Contains(p.Pod.Uid) ? "has it" : "gone")}, cache {(cache.FindPod(p.Pod.Uid) is null ? "gone" : "has it")})"));
                var unsynced = replica.App.Services.GetRequiredService<Extender.Kubernetes.State.IKubernetesSyncStatus>().Unsynced;
                var leading = replica.IsLeader ? "leader" : "follower";
                held.Add($"{replica.Pod.Name} ({leading}, caches not yet listed: {(unsynced.Count == 0 ? "none" : string.Join(", ", unsynced))}) still holds reservations for {active} pods with none pending: {string.Join("; ", shares)}");
            }
        }

        return held;
    }

    private static bool Stuck(JsonObject obj, DateTimeOffset now) =>
        (string?)obj["metadata"]?["deletionTimestamp"] is { } since && now - DateTimeOffset.Parse(since, CultureInfo.InvariantCulture) > TimeSpan.FromSeconds(60);

    private static IEnumerable<JsonObject> OptedInPods(AsShippedCluster cluster) =>
        cluster.Api.List("v1", "Pod", "default").Where(p => (string?)p["spec"]!["schedulerName"] == OptedIn && p["metadata"]!["deletionTimestamp"] is null);

    private static string Describe(IReadOnlyDictionary<string, long> counts) =>
        counts.Count == 0 ? "none" : string.Join(", ", counts.Select(c => $"{c.Key} {c.Value}"));

    /// <summary>
    /// The run's rates and times. <c>KillPointWait</c>: how long a targeted kill waits for its point before killing at
    /// random instead. <c>ClockSkew</c>: the most a replica's clock is off, either way; well inside the lease's 15 s,
    /// which the replicas judge by observed times, as client-go does.
    /// </summary>
    private sealed record Settings(TimeSpan Duration, int Seed, double ApiFaultRate, double Ec2FaultRate, TimeSpan LeaderKillEvery, TimeSpan Settle, TimeSpan KillPointWait, TimeSpan ClockSkew)
    {
        public static Settings FromEnvironment()
        {
            var seconds = int.TryParse(Environment.GetEnvironmentVariable("EXTENDER_SOAK_SECONDS"), CultureInfo.InvariantCulture, out var s) ? s : 100;
            var seed = int.TryParse(Environment.GetEnvironmentVariable("EXTENDER_SOAK_SEED"), CultureInfo.InvariantCulture, out var d) ? d : 1;
            // Short runs kill more often, so that the CI run sees several takeovers at the kill points; the hour-long run every 2 minutes.
            var killEvery = TimeSpan.FromSeconds(seconds <= 300 ? 25 : 120);
            return new Settings(TimeSpan.FromSeconds(seconds), seed, 0.05, 0.05, killEvery, TimeSpan.FromSeconds(120), TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(5));
        }
    }
}
