using Amazon.EC2;
using Amazon.EC2.Model;
using Extender.Core.Catalog;

namespace Extender.Aws.Fleet;

/// <summary>Builds the instant CreateFleet for one instance and reads its answer.</summary>
internal static class FleetRequests
{
    public static CreateFleetRequest Create(
        string clientToken, string capacityType, IReadOnlyList<FleetTarget> targets,
        IReadOnlyDictionary<string, string> subnetByZone, IReadOnlyDictionary<string, string> tags)
    {
        var spot = capacityType == CapacityTypes.Spot;
        var tagList = tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => new Tag(t.Key, t.Value)).ToList();
        return new CreateFleetRequest
        {
            Type = FleetType.Instant,
            ClientToken = clientToken,
            TargetCapacitySpecification = new TargetCapacitySpecificationRequest
            {
                TotalTargetCapacity = 1,
                DefaultTargetCapacityType = spot ? DefaultTargetCapacityType.Spot : DefaultTargetCapacityType.OnDemand,
            },
            OnDemandOptions = spot ? null : new OnDemandOptionsRequest { AllocationStrategy = FleetOnDemandAllocationStrategy.LowestPrice },
            SpotOptions = spot ? new SpotOptionsRequest { AllocationStrategy = SpotAllocationStrategy.PriceCapacityOptimized } : null,
            LaunchTemplateConfigs = [.. targets.Select(t => new FleetLaunchTemplateConfigRequest
            {
                LaunchTemplateSpecification = new FleetLaunchTemplateSpecificationRequest { LaunchTemplateName = t.LaunchTemplateName, Version = "$Latest" },
                Overrides = [.. t.Options.Select(o => new FleetLaunchTemplateOverridesRequest
                {
                    InstanceType = Amazon.EC2.InstanceType.FindValue(o.InstanceType),
                    SubnetId = subnetByZone[o.Zone],
                })],
            })],
            TagSpecifications =
            [
                new TagSpecification { ResourceType = ResourceType.Instance, Tags = tagList },
                new TagSpecification { ResourceType = ResourceType.Volume, Tags = tagList },
                new TagSpecification { ResourceType = ResourceType.Fleet, Tags = tagList },
            ],
        };
    }

    public static FleetOutcome Read(CreateFleetResponse response, IReadOnlyDictionary<string, string> zoneBySubnet, string capacityType)
    {
        var errors = (response.Errors ?? [])
            .Select(e => new FleetError(
                e.ErrorCode ?? "",
                e.ErrorMessage ?? "",
                e.LaunchTemplateAndOverrides?.Overrides?.InstanceType?.Value,
                ZoneOf(e.LaunchTemplateAndOverrides?.Overrides, zoneBySubnet),
                e.Lifecycle?.Value ?? capacityType))
            .ToList();
        var fleetInstance = (response.Instances ?? []).FirstOrDefault(i => (i.InstanceIds ?? []).Count > 0);
        if (fleetInstance is null)
        {
            return new FleetOutcome(null, null, null, capacityType, errors);
        }

        return new FleetOutcome(
            fleetInstance.InstanceIds[0],
            fleetInstance.InstanceType?.Value ?? fleetInstance.LaunchTemplateAndOverrides?.Overrides?.InstanceType?.Value,
            ZoneOf(fleetInstance.LaunchTemplateAndOverrides?.Overrides, zoneBySubnet),
            fleetInstance.Lifecycle?.Value ?? capacityType,
            errors);
    }

    private static string? ZoneOf(FleetLaunchTemplateOverrides? overrides, IReadOnlyDictionary<string, string> zoneBySubnet) =>
        overrides is null ? null
        : overrides.SubnetId is { } subnet && zoneBySubnet.TryGetValue(subnet, out var zone) ? zone
        : overrides.AvailabilityZone;
}
