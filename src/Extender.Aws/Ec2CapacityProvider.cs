using Amazon.EC2;
using Amazon.EC2.Model;
using Extender.Aws.Catalog;
using Extender.Aws.Cluster;
using Extender.Aws.Errors;
using Extender.Aws.Fleet;
using Extender.Aws.Instances;
using Extender.Aws.LaunchTemplates;
using Extender.Aws.NodeClasses;
using Extender.Core.Capacity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using InstanceType = Extender.Core.Catalog.InstanceType;

namespace Extender.Aws;

/// <summary>
/// <see cref="ICapacityProvider"/> over EC2. A launch is one instant CreateFleet across every still-available option
/// of the cheapest option's capacity type, so an offering out of capacity falls through to the next one inside the
/// same call; the failed offerings are marked unavailable (and reported in the exception when nothing launched) so
/// that the next plan avoids them.
/// </summary>
internal sealed class Ec2CapacityProvider(
    IAmazonEC2 ec2,
    Ec2Caller caller,
    Ec2Catalog catalog,
    UnavailableOfferings unavailable,
    INodeClassSource nodeClasses,
    IEc2NodeClassResolver resolver,
    LaunchTemplateStore templates,
    ClusterConnectionSource cluster,
    IOptions<AwsCapacityOptions> options,
    ILogger<Ec2CapacityProvider> logger) : ICapacityProvider
{
    private static readonly List<string> LiveStates = ["pending", "running", "stopping"];

    private AwsCapacityOptions Options => options.Value;

    public async Task<LaunchedInstance> LaunchAsync(LaunchRequest request, CancellationToken cancellationToken)
    {
        var spec = nodeClasses.Find(request.NodeClass)
            ?? throw new CapacityException(CapacityErrorKind.Configuration, $"EC2NodeClass '{request.NodeClass}' does not exist");
        var status = await resolver.ResolveAsync(spec, cancellationToken);
        if (!status.IsReady)
        {
            AwsLog.NodeClassUnresolved(logger, spec.Name, status.NotReadyReason);
            throw new CapacityException(CapacityErrorKind.Configuration, $"EC2NodeClass '{spec.Name}' is not ready: {status.NotReadyReason}");
        }

        var capacityType = request.Options.Count > 0
            ? request.Options[0].CapacityType
            : throw new CapacityException(CapacityErrorKind.Configuration, $"NodeClaim '{request.NodeClaimName}' has no launch options");
        var subnetByZone = status.Subnets.ToDictionary(s => s.Zone, s => s.Id, StringComparer.Ordinal);
        var options = SelectOptions(request, capacityType, subnetByZone);
        var tags = Ec2Tags.Merge(Options.ClusterName, new Dictionary<string, string> { ["Name"] = request.NodeClaimName }, spec.Tags, request.Tags,
            new Dictionary<string, string>
            {
                [Ec2Tags.NodePool] = request.NodePool,
                [Ec2Tags.NodeClaim] = request.NodeClaimName,
                [Ec2Tags.NodeClass] = spec.Name,
            });

        for (var attempt = 1; ; attempt++)
        {
            var targets = await EnsureTemplatesAsync(request, spec, status, options, cancellationToken);
            var fleet = FleetRequests.Create(request.ClientToken, capacityType, targets, subnetByZone, tags);
            try
            {
                var response = await caller.CallAsync("CreateFleet", ct => ec2.CreateFleetAsync(fleet, ct), cancellationToken);
                var outcome = FleetRequests.Read(response, status.Subnets.ToDictionary(s => s.Id, s => s.Zone, StringComparer.Ordinal), capacityType);
                if (attempt == 1 && outcome.InstanceId is null && outcome.Errors.Any(e => Ec2ErrorTable.IsLaunchTemplateMissing(e.Code)))
                {
                    ForgetTemplates(targets);
                    continue;
                }

                return Conclude(request, outcome, options);
            }
            catch (CapacityException e) when (attempt == 1 && e.InnerException is AmazonEC2Exception inner && Ec2ErrorTable.IsLaunchTemplateMissing(inner.ErrorCode))
            {
                ForgetTemplates(targets);
            }
            catch (CapacityException e) when (e.Kind == CapacityErrorKind.InsufficientCapacity && e.InnerException is AmazonEC2Exception inner)
            {
                var scope = Ec2ErrorTable.Classify(inner.ErrorCode).Scope;
                var offerings = scope == UnavailabilityScope.CapacityType
                    ? [new UnavailableOffering(null, null, capacityType)]
                    : options.Select(o => new UnavailableOffering(o.InstanceType, o.Zone, o.CapacityType)).ToList();
                unavailable.Mark(offerings);
                throw new CapacityException(CapacityErrorKind.InsufficientCapacity, e.Message, offerings, inner);
            }
        }
    }

    public async Task TerminateAsync(string providerId, CancellationToken cancellationToken)
    {
        var instanceId = ProviderIds.InstanceId(providerId);
        try
        {
            var request = new TerminateInstancesRequest { InstanceIds = [instanceId] };
            await caller.CallAsync("TerminateInstances", ct => ec2.TerminateInstancesAsync(request, ct), cancellationToken);
            AwsLog.Terminated(logger, instanceId);
        }
        catch (CapacityException e) when (e.Kind == CapacityErrorKind.NotFound)
        {
            // Already gone: termination is idempotent.
        }
    }

    public async Task<IReadOnlyList<OwnedInstance>> ListOwnedInstancesAsync(CancellationToken cancellationToken)
    {
        var owned = new List<OwnedInstance>();
        string? token = null;
        do
        {
            var request = new DescribeInstancesRequest
            {
                Filters =
                [
                    new Filter("tag:" + Ec2Tags.Cluster, [Options.ClusterName]),
                    new Filter("instance-state-name", LiveStates),
                ],
                MaxResults = 1000,
                NextToken = token,
            };
            var page = await caller.CallAsync("DescribeInstances", ct => ec2.DescribeInstancesAsync(request, ct), cancellationToken);
            owned.AddRange((page.Reservations ?? []).SelectMany(r => r.Instances ?? []).Select(ToOwned));
            token = page.NextToken;
        }
        while (!string.IsNullOrEmpty(token));

        return [.. owned.OrderBy(i => i.InstanceId, StringComparer.Ordinal)];
    }

    public Task<IReadOnlyList<InstanceType>> GetInstanceTypesAsync(CancellationToken cancellationToken) => catalog.GetAsync(cancellationToken);

    private List<LaunchOption> SelectOptions(LaunchRequest request, string capacityType, Dictionary<string, string> subnetByZone)
    {
        var candidates = request.Options.Where(o => o.CapacityType == capacityType).ToList();
        var placeable = candidates.Where(o => subnetByZone.ContainsKey(o.Zone)).ToList();
        if (placeable.Count == 0)
        {
            var zones = string.Join(", ", candidates.Select(o => o.Zone).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
            throw new CapacityException(CapacityErrorKind.Configuration, $"EC2NodeClass '{request.NodeClass}' has no subnet in the zones of NodeClaim '{request.NodeClaimName}' ({zones})");
        }

        var available = placeable.Where(o => !unavailable.IsUnavailable(o.InstanceType, o.Zone, o.CapacityType)).Take(Options.MaxFleetOverrides).ToList();
        return available.Count > 0
            ? available
            : throw new CapacityException(CapacityErrorKind.InsufficientCapacity, $"every option of NodeClaim '{request.NodeClaimName}' recently ran out of capacity",
                [.. placeable.Select(o => new UnavailableOffering(o.InstanceType, o.Zone, o.CapacityType))]);
    }

    private async Task<List<FleetTarget>> EnsureTemplatesAsync(
        LaunchRequest request, Ec2NodeClassSpec spec, Ec2NodeClassStatus status, List<LaunchOption> options, CancellationToken cancellationToken)
    {
        var connection = await ConnectionAsync(cancellationToken);
        var bootstrap = new NodeBootstrap(Options.ClusterName, connection.Endpoint, connection.CertificateAuthority, Options.ClusterCidr,
            request.Labels, [.. request.Taints, .. request.StartupTaints])
        { Kubelet = spec.Kubelet };
        var userData = UserDataBuilder.Build(spec.AmiFamily, bootstrap, spec.UserData);
        var templateTags = Ec2Tags.Merge(Options.ClusterName, spec.Tags, new Dictionary<string, string> { [Ec2Tags.NodeClass] = spec.Name });
        var targets = new List<FleetTarget>();
        foreach (var byArch in options.GroupBy(o => catalog.ArchitectureOf(o.InstanceType) ?? "amd64", StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var image = status.Images.FirstOrDefault(i => i.Architecture == byArch.Key);
            if (image is null)
            {
                continue;
            }

            var config = new LaunchTemplates.LaunchTemplateConfig(
                image.Id, status.SecurityGroupIds, status.InstanceProfile!, userData, BlockDevices.For(spec.AmiFamily, spec.BlockDeviceMappings, image),
                spec.MetadataOptions, spec.AssociatePublicIpAddress, spec.DetailedMonitoring);
            targets.Add(new FleetTarget(await templates.EnsureAsync(config, templateTags, cancellationToken), [.. byArch]));
        }

        return targets.Count > 0
            ? targets
            : throw new CapacityException(CapacityErrorKind.Configuration,
                $"EC2NodeClass '{spec.Name}' has no AMI for the architectures of NodeClaim '{request.NodeClaimName}' ({string.Join(", ", options.Select(o => catalog.ArchitectureOf(o.InstanceType) ?? "amd64").Distinct(StringComparer.Ordinal))})");
    }

    private async Task<ClusterConnection> ConnectionAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await cluster.GetAsync(cancellationToken);
        }
        catch (ClusterDiscoveryException e)
        {
            // Normally resolved (or the start failed) before any launch; a host that skipped the start check gets it here.
            throw new CapacityException(CapacityErrorKind.Configuration, e.Message, inner: e);
        }
    }

    private void ForgetTemplates(List<FleetTarget> targets)
    {
        foreach (var target in targets)
        {
            AwsLog.LaunchTemplateMissing(logger, target.LaunchTemplateName);
            templates.Forget(target.LaunchTemplateName);
        }
    }

    private LaunchedInstance Conclude(LaunchRequest request, FleetOutcome outcome, List<LaunchOption> options)
    {
        var capacityErrors = outcome.Errors
            .Select(e => (Error: e, Rule: Ec2ErrorTable.Classify(e.Code)))
            .Where(x => x.Rule.Kind == CapacityErrorKind.InsufficientCapacity)
            .ToList();
        var unavailableNow = capacityErrors
            .Select(x => x.Rule.Scope == UnavailabilityScope.CapacityType
                ? new UnavailableOffering(null, null, x.Error.CapacityType)
                : new UnavailableOffering(x.Error.InstanceType, x.Error.Zone, x.Error.CapacityType))
            .Distinct()
            .ToList();
        foreach (var (error, _) in capacityErrors)
        {
            AwsLog.OfferingUnavailable(logger, request.NodeClaimName, error.InstanceType, error.Zone, error.CapacityType, error.Code);
        }

        unavailable.Mark(unavailableNow);
        if (outcome is { InstanceId: { } id, InstanceType: { } type, Zone: { } zone })
        {
            var price = options.FirstOrDefault(o => o.InstanceType == type && o.Zone == zone)?.PricePerHour ?? 0m;
            AwsLog.Launched(logger, id, type, zone, outcome.CapacityType, request.NodeClaimName);
            return new LaunchedInstance(id, ProviderIds.Format(zone, id), type, zone, outcome.CapacityType, price);
        }

        if (capacityErrors.Count > 0 || outcome.Errors.Count == 0)
        {
            throw new CapacityException(CapacityErrorKind.InsufficientCapacity,
                $"no capacity for NodeClaim '{request.NodeClaimName}' in {options.Count} option(s): {Summary(outcome.Errors)}", unavailableNow);
        }

        var first = outcome.Errors[0];
        throw new CapacityException(Ec2ErrorTable.Classify(first.Code).Kind, $"CreateFleet for NodeClaim '{request.NodeClaimName}': {Summary(outcome.Errors)}");
    }

    private static string Summary(IReadOnlyList<FleetError> errors) =>
        errors.Count == 0 ? "no instance and no error returned" : string.Join("; ", errors.Select(e => $"{e.Code} {e.InstanceType}/{e.Zone}: {e.Message}").Distinct(StringComparer.Ordinal).Take(5));

    private static OwnedInstance ToOwned(Amazon.EC2.Model.Instance instance)
    {
        var tags = (instance.Tags ?? []).ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);
        var zone = instance.Placement?.AvailabilityZone ?? "";
        return new OwnedInstance(
            instance.InstanceId,
            ProviderIds.Format(zone, instance.InstanceId),
            tags.GetValueOrDefault(Ec2Tags.NodeClaim),
            tags.GetValueOrDefault(Ec2Tags.NodePool),
            instance.State?.Name?.Value ?? "unknown",
            new DateTimeOffset(DateTime.SpecifyKind(instance.LaunchTime ?? DateTime.UnixEpoch, DateTimeKind.Utc)),
            instance.ImageId,
            instance.SubnetId,
            [.. (instance.SecurityGroups ?? []).Select(g => g.GroupId)]);
    }
}
