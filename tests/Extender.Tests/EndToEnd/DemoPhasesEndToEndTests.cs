using Extender.Demo;
using Extender.Demo.Phases;
using Extender.Sandbox.Demo;
using Xunit.Abstractions;

namespace Extender.Tests.EndToEnd;

/// <summary>
/// The demo's scale-in and interruption phases through the whole stack (sandbox API with its controllers, EC2, SQS,
/// kubelets, scheduler and the real sidecar with the queue option), each figure of the report checked against what the
/// sandbox servers recorded, not against numbers written here.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class DemoPhasesEndToEndTests(ITestOutputHelper output)
{
    // Two-vCPU nodes (the cheapest have little memory, so the pods ask for 64Mi), every one spot (cheaper). The scale-in
    // empties the web and big nodes (emptiness); where the small pods landed varies from run to run, and so whether
    // consolidation moves them (evictions 0 or 2 in three runs), so the test checks the figures against the sandbox's
    // record rather than fixed counts. The interruption then warns the spot node holding the most pods.
    private const string Scenario = """
        bootSeconds: 1
        spotDiscount: 0.35
        faults:
          spotInterruption: {nodes: 1, notice: 10s}
        nodePools:
        - apiVersion: provisioning.extender.io/v1alpha1
          kind: NodePool
          metadata: {name: default}
          spec:
            template:
              spec:
                nodeClassRef: {group: provisioning.extender.io, kind: EC2NodeClass, name: default}
                requirements:
                - {key: provisioning.extender.io/capacity-type, operator: In, values: [spot, on-demand]}
                - {key: kubernetes.io/arch, operator: In, values: [amd64]}
                - {key: provisioning.extender.io/instance-cpu, operator: In, values: ["2"]}
            disruption: {consolidationPolicy: WhenEmptyOrUnderutilized, consolidateAfter: 2s, budgets: [{nodes: "100%"}]}
        waves:
        - name: web
          count: 4
          workload: Deployment
          scaleTo: 0
          template: {cpu: 1500m, memory: 64Mi, schedulerName: ec2-capacity-scheduler, terminationGracePeriodSeconds: 1}
        - name: big
          count: 2
          workload: Deployment
          scaleTo: 0
          template: {cpu: 1000m, memory: 64Mi, schedulerName: ec2-capacity-scheduler, terminationGracePeriodSeconds: 1}
        - name: small
          at: 4s
          count: 2
          workload: Deployment
          template: {cpu: 500m, memory: 64Mi, schedulerName: ec2-capacity-scheduler, terminationGracePeriodSeconds: 1}
        """;

    [Fact]
    public async Task ScaleInThenInterruption_ReportsWhatTheSandboxRecorded()
    {
        await using var run = await EndToEndRun.StartAsync(Scenario);
        var environment = run.Environment;
        var driver = new WorkloadDriver(environment.Client, run.Scenario, TimeProvider.System);
        await driver.RunAsync(CancellationToken.None);
        Assert.True(await EndToEndRun.EventuallyAsync(() => Running(run) == 8), "the eight pods did not run");
        var before = run.Instances.Where(i => i.State == "running").ToList();
        var evictionsBefore = SandboxState.Evictions(environment.Api);

        var scaleIn = await ScaleInPhase.RunAsync(environment, run.Scenario, driver, CancellationToken.None);

        var running = run.Instances.Where(i => i.State == "running").ToList();
        output.WriteLine(scaleIn.ToString());
        Assert.True(scaleIn.Settled);
        Assert.Equal(6, scaleIn.PodsDeleted);
        Assert.Equal(before.Count, scaleIn.NodesBefore);
        Assert.Equal(before.Count(b => run.Instances.Single(i => i.InstanceId == b.InstanceId).State is "terminated" or "shutting-down"), scaleIn.NodesRemoved);
        Assert.True(scaleIn.NodesRemoved >= 5, $"{scaleIn.NodesRemoved} removed");
        Assert.Equal(scaleIn.NodesAfter, scaleIn.NodesBefore - scaleIn.NodesRemoved + scaleIn.NodesLaunched);
        Assert.Equal(running.Count, scaleIn.NodesAfter);
        Assert.Equal(StatusSampler.CostPerHour(environment.Ec2, before), scaleIn.CostPerHourBefore);
        Assert.Equal(StatusSampler.CostPerHour(environment.Ec2, running), scaleIn.CostPerHourAfter);
        Assert.True(scaleIn.CostPerHourAfter < scaleIn.CostPerHourBefore);
        Assert.Equal(PlanBaseline.Compute(run.Scenario, SandboxState.LivePods(environment.Api)).TotalPricePerHour, scaleIn.PlanCostPerHour);
        Assert.InRange(scaleIn.BoundPerHour, 0.0001m, scaleIn.PlanCostPerHour!.Value);
        Assert.Equal(SandboxState.Evictions(environment.Api) - evictionsBefore, scaleIn.Evictions);

        var victimsBefore = run.Instances.Where(i => i.State == "running").Select(i => i.InstanceId).ToHashSet(StringComparer.Ordinal);
        var phaseStart = DateTimeOffset.UtcNow;
        var interruption = await InterruptionPhase.RunAsync(environment, run.Scenario.Faults.SpotInterruption!, CancellationToken.None);

        output.WriteLine(interruption.ToString());
        var reclaimed = run.Instances.Where(i => victimsBefore.Contains(i.InstanceId) && i.State != "running").ToList();
        var launched = run.Instances.Where(i => i.LaunchTime >= phaseStart).ToList();
        Assert.Equal(1, interruption.NodesInterrupted);
        Assert.Equal(reclaimed.Count, interruption.NodesInterrupted);
        Assert.True(interruption.PodsToMove >= 1, "no pod to move");
        Assert.Equal(interruption.PodsToMove, interruption.PodsMoved);
        Assert.Equal(2, Running(run));
        Assert.DoesNotContain(run.Pods, p => SandboxState.IsRunning(p) && reclaimed.Any(r => r.PrivateDnsName == SandboxState.NodeName(p)));
        // Reserve before evict: the moved pod ran on the node held for it before the reclaim, and nothing drained early.
        Assert.Equal(interruption.PodsToMove, interruption.RunningOnReservedBeforeReclaim);
        Assert.Equal(0, interruption.EvictedBeforeDestinationReady);
        Assert.Equal(launched.Count, interruption.ReplacementsLaunched);
        Assert.True(interruption.ReplacementsLaunched >= 1, "no replacement launched");
        Assert.InRange(interruption.NoticeToReplacementLaunchMilliseconds.P50, 0, 5000);
    }

    private static int Running(EndToEndRun run) => run.Pods.Count(SandboxState.IsRunning);
}
