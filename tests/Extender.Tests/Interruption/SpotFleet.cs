using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Extender.Sandbox.Ec2;
using Extender.Sandbox.Sqs;
using Extender.Tests.EndToEnd;
using k8s;
using static Extender.Tests.Disruption.DisruptionSandbox;

namespace Extender.Tests.Interruption;

/// <summary>
/// Spot interruption through the whole demo stack with the shipped configuration plus the queue option: a Deployment
/// of one 1.5-vCPU pod per two-vCPU spot node, the sandbox SQS queue, and the sandbox EC2 that sends the warning and
/// reclaims the instance after the notice. Times are EC2's scaled by 1/10: a 12 s notice, a 1 s margin, 1 s boot.
/// <see cref="InterruptAsync"/> interrupts and measures what the issue asks (the response's figures, sampled every 50 ms).
/// </summary>
internal sealed class SpotFleet : IAsyncDisposable
{
    public const string App = "web";
    public static readonly TimeSpan Notice = TimeSpan.FromSeconds(12);
    public static readonly TimeSpan Margin = TimeSpan.FromSeconds(1);
    private const string Queue = "sandbox-interruptions";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan SampleEvery = TimeSpan.FromMilliseconds(50);

    private SpotFleet(EndToEndRun run, SandboxSqsServer sqs)
    {
        Run = run;
        Sqs = sqs;
    }

    public EndToEndRun Run { get; }

    public SandboxSqsServer Sqs { get; }

    public IReadOnlyList<SandboxInstance> Running => [.. Run.Instances.Where(i => i.State == "running")];

    /// <summary>One NodePool of two-vCPU amd64 nodes, spot or on-demand (spot is cheaper, so every node starts as spot), not consolidated.</summary>
    /// <param name="requirements">More requirements, as YAML list items.</param>
    public static string Scenario(string requirements = "") =>
        OnePodPerNodeScenario("{consolidateAfter: Never}", capacityTypes: "[spot, on-demand]", spotDiscount: 0.35, requirements: requirements);

    /// <summary>Starts the stack and runs <paramref name="pods"/> pods of <see cref="App"/> (grace <paramref name="grace"/> s), each on its own registered spot node.</summary>
    public static async Task<SpotFleet> StartAsync(int pods, int grace = 1, string? scenario = null)
    {
        var sqs = await SandboxSqsServer.StartAsync(TimeProvider.System, CancellationToken.None);
        sqs.CreateQueue(Queue);
        EndToEndRun run;
        try
        {
            run = await EndToEndRun.StartAsync(scenario ?? Scenario(), environment =>
            {
                environment.ExtraSidecarSettings["Interruption:QueueName"] = Queue;
                environment.ExtraSidecarSettings["Interruption:EndpointOverride"] = sqs.Url.ToString();
                environment.ExtraSidecarSettings["Replacement:InterruptionNotice"] = Notice.ToString();
                environment.ExtraSidecarSettings["Replacement:DeadlineMargin"] = Margin.ToString();
            });
        }
        catch
        {
            await sqs.DisposeAsync();
            throw;
        }

        var fleet = new SpotFleet(run, sqs);
        await run.Environment.Client.AppsV1.CreateNamespacedDeploymentAsync(Disruption.DisruptionSandbox.Deployment(App, pods, terminationGracePeriodSeconds: grace), "default");
        await UntilAsync(() => RunningPods(run, App).Count() == pods, $"{pods} running pods", Patience);
        // Real interruptions come minutes after a launch, once the claims' registration is written.
        await UntilAsync(() => Claims(run).All(c => c["status"]?["nodeName"] is not null), "every claim registered", Patience);
        return fleet;
    }

    /// <summary>
    /// Sends a warning for each of <paramref name="victims"/> at once and reclaims each instance when the notice runs
    /// out, sampling the cluster meanwhile; returns once every interrupted claim is gone.
    /// </summary>
    /// <param name="victims">The instances to interrupt.</param>
    /// <param name="sample">Also called at every sample (a workload's own checks).</param>
    /// <param name="message">The event sent for an instance at a moment; the spot warning when null.</param>
    public async Task<InterruptionOutcome> InterruptAsync(IReadOnlyList<SandboxInstance> victims, Action? sample = null, Func<string, DateTimeOffset, string>? message = null)
    {
        var victimNodes = Run.Nodes.Where(n => victims.Any(v => (string?)n["spec"]?["providerID"] == v.ProviderId)).Select(Name).ToHashSet(StringComparer.Ordinal);
        var moving = RunningPods(Run, App).Where(p => victimNodes.Contains(p.Spec.NodeName)).ToDictionary(p => p.Metadata.Uid, p => p.Metadata.Name, StringComparer.Ordinal);
        var podsBefore = Run.Pods.Select(Uid).ToHashSet(StringComparer.Ordinal);
        var instancesBefore = Run.Instances.Select(i => i.InstanceId).ToHashSet(StringComparer.Ordinal);
        var interrupter = new SpotInterrupter(Run.Environment.Ec2, Sqs, Queue, TimeProvider.System) { Notice = Notice };

        var noticeAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var seen = new Sampling(moving, podsBefore);
        using var stop = new CancellationTokenSource();
        var sampling = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                seen.Observe(this, clock.Elapsed);
                sample?.Invoke();
                await Task.Delay(SampleEvery, CancellationToken.None);
            }
        });
        var onReserved = 0;
        await Task.WhenAll(
            Task.Run(() => Array.ForEach([.. victims], v => Sqs.Send(Queue, (message ?? interrupter.Warning)(v.InstanceId, noticeAt)))),
            Task.Run(async () =>
            {
                // Every warning went out at once, so every instance goes at once: counted once, at that moment, the new
                // pods Running on capacity held for them (once, not per instance: fifty threads each reading every pod
                // under one lock starved the thread pool this whole stack shares for seconds).
                await Task.Delay(Notice);
                onReserved = RunningPods(Run, App).Count(p => !podsBefore.Contains(p.Metadata.Uid) && !victimNodes.Contains(p.Spec.NodeName) && HeldForReplacement(Run, p.Spec.NodeName));
                Array.ForEach([.. victims], v => Run.Environment.Ec2.Reclaim(v.InstanceId));
            }));
        await UntilAsync(() => victims.All(v => Claims(Run).All(c => (string?)c["status"]?["providerID"] != v.ProviderId)), "the interrupted claims gone", Patience);
        await stop.CancelAsync();
        await sampling;

        var firstReceipt = Sqs.Receipts.Min();
        var replacements = Run.Instances.Where(i => !instancesBefore.Contains(i.InstanceId)).OrderBy(i => i.LaunchTime).ToList();
        return new InterruptionOutcome(
            victims,
            moving.Count,
            replacements,
            [.. replacements.Select(i => (i.LaunchTime - firstReceipt).TotalMilliseconds).Order()],
            onReserved,
            seen.EvictedAt,
            seen.EvictedBeforeReady,
            Run.Environment.Api.Audit.Count(a => a is { Verb: "create", Resource: "pods", Subresource: "eviction" }),
            Sqs.Deleted);
    }

    /// <summary>The AWS Health event of an EC2 scheduled change (an instance retirement) starting at <paramref name="startsAt"/>, as EventBridge delivers it.</summary>
    public static string ScheduledChange(string instanceId, DateTimeOffset now, DateTimeOffset startsAt) => new JsonObject
    {
        ["version"] = "0",
        ["id"] = Guid.NewGuid().ToString(),
        ["detail-type"] = "AWS Health Event",
        ["source"] = "aws.health",
        ["account"] = "000000000000",
        ["time"] = now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
        ["region"] = "us-east-1",
        ["resources"] = new JsonArray(),
        ["detail"] = new JsonObject
        {
            ["eventTypeCode"] = "AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED",
            ["service"] = "EC2",
            ["eventTypeCategory"] = "scheduledChange",
            ["startTime"] = startsAt.ToString("R", CultureInfo.InvariantCulture),
            ["affectedEntities"] = new JsonArray(new JsonObject { ["entityValue"] = instanceId }),
        },
    }.ToJsonString();

    public ValueTask DisposeAsync() => DisposeBothAsync();

    private static string Name(JsonObject o) => (string)o["metadata"]!["name"]!;

    private static string Uid(JsonObject o) => (string)o["metadata"]!["uid"]!;

    private async ValueTask DisposeBothAsync()
    {
        await Run.DisposeAsync();
        await Sqs.DisposeAsync();
    }

    /// <summary>
    /// When each moving pod was evicted, and where the new pods went. A Deployment's replacement slots are
    /// interchangeable (the first new pod takes any free slot of its kind), so "the destination" of an evicted pod is
    /// the node its new pod runs on, and the eviction came before that destination was Ready when the new pod was seen
    /// before its node was first seen Ready.
    /// </summary>
    private sealed class Sampling(Dictionary<string, string> moving, HashSet<string> podsBefore)
    {
        private readonly Dictionary<string, TimeSpan> _readySince = new(StringComparer.Ordinal);
        private readonly Dictionary<string, TimeSpan> _newPodSince = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _newPodNode = new(StringComparer.Ordinal);

        public Dictionary<string, TimeSpan> EvictedAt { get; } = new(StringComparer.Ordinal);

        /// <summary>New pods (one per evicted pod) that existed before the node they run on was Ready.</summary>
        public int EvictedBeforeReady => _newPodNode.Count(p => _readySince.TryGetValue(p.Value, out var ready) && ready > _newPodSince[p.Key]);

        public void Observe(SpotFleet fleet, TimeSpan now)
        {
            foreach (var node in fleet.Run.Nodes.Where(n => n["status"]?["conditions"]?.AsArray().Any(c => (string?)c?["type"] == "Ready" && (string?)c?["status"] == "True") == true))
            {
                _readySince.TryAdd(Name(node), now);
            }

            var pods = fleet.Run.Pods;
            foreach (var pod in pods.Where(p => (string?)p["metadata"]?["labels"]?["app"] == App && !podsBefore.Contains(Uid(p))))
            {
                _newPodSince.TryAdd(Uid(pod), now);
                if ((string?)pod["spec"]?["nodeName"] is { } node)
                {
                    _newPodNode.TryAdd(Uid(pod), node);
                }
            }

            var live = pods.Where(p => p["metadata"]?["deletionTimestamp"] is null).Select(Uid).ToHashSet(StringComparer.Ordinal);
            foreach (var uid in moving.Keys.Where(u => !live.Contains(u)))
            {
                EvictedAt.TryAdd(uid, now);
            }
        }
    }
}

/// <summary>What one interruption did, as <see cref="SpotFleet.InterruptAsync"/> measured it.</summary>
/// <param name="Victims">The interrupted instances.</param>
/// <param name="Moving">Controller-managed pods on them at the notice.</param>
/// <param name="Replacements">Instances launched after the notice, oldest first.</param>
/// <param name="LaunchAfterReceiptMs">Each replacement's launch (as EC2 saw it) after the sidecar received the first warning, ascending.</param>
/// <param name="OnReservedAtReclaim">New pods Running on capacity held for them at the reclaim.</param>
/// <param name="EvictedAt">When each moving pod was seen evicted, from the notice.</param>
/// <param name="EvictedBeforeReady">Evicted pods whose new pod came before the node it runs on was Ready (it waited Pending).</param>
/// <param name="Evictions">Eviction requests (a PodDisruptionBudget's refusals included).</param>
/// <param name="MessagesDeleted">Queue messages deleted.</param>
internal sealed record InterruptionOutcome(
    IReadOnlyList<SandboxInstance> Victims,
    int Moving,
    IReadOnlyList<SandboxInstance> Replacements,
    IReadOnlyList<double> LaunchAfterReceiptMs,
    int OnReservedAtReclaim,
    IReadOnlyDictionary<string, TimeSpan> EvictedAt,
    int EvictedBeforeReady,
    int Evictions,
    long MessagesDeleted)
{
    public double OnReservedPercent => Moving == 0 ? 100 : 100.0 * OnReservedAtReclaim / Moving;

    public double LaunchP50Ms => LaunchAfterReceiptMs.Count == 0 ? double.NaN : LaunchAfterReceiptMs[(LaunchAfterReceiptMs.Count - 1) / 2];

    public double LastLaunchMs => LaunchAfterReceiptMs.Count == 0 ? double.NaN : LaunchAfterReceiptMs[^1];

    /// <summary>The issue's figures, one line.</summary>
    public string Figures =>
        $"{Victims.Count} spot nodes interrupted ({Moving} pods to move), notice {SpotFleet.Notice.TotalSeconds:F0} s: " +
        $"{OnReservedAtReclaim}/{Moving} pods Running on capacity reserved for them before the reclaim ({OnReservedPercent:F0}%); " +
        $"receipt → replacement launch p50 {LaunchP50Ms:F0} ms, last {LastLaunchMs:F0} ms ({Replacements.Count} launches); " +
        $"evictions before the destination was Ready {EvictedBeforeReady}; eviction requests {Evictions}; messages deleted {MessagesDeleted}";
}
