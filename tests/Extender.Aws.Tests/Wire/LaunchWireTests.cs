using Extender.Aws.Tests.Support;
using Extender.Core.Capacity;
using Extender.Core.Catalog;

namespace Extender.Aws.Tests.Wire;

public sealed class LaunchWireTests
{
    [Fact]
    public async Task LaunchAsync_OnDemand_SendsInstantFleetWithLowestPriceOverridesTokenAndTags()
    {
        using var wire = new WireFixture();
        wire.Ec2.Stub("CreateFleet", Ec2Xml.Fleet("i-0abc", "c5.large", "subnet-a", "on-demand"));

        var launched = await wire.Host.Provider.LaunchAsync(Requests.Launch(), CancellationToken.None);

        var form = Assert.Single(wire.Ec2.Sent("CreateFleet"));
        Assert.Equal("instant", form["Type"]);
        Assert.Equal("token-claim-1", form["ClientToken"]);
        Assert.Equal("1", form["TargetCapacitySpecification.TotalTargetCapacity"]);
        Assert.Equal("on-demand", form["TargetCapacitySpecification.DefaultTargetCapacityType"]);
        Assert.Equal("lowest-price", form["OnDemandOptions.AllocationStrategy"]);
        Assert.DoesNotContain("SpotOptions.AllocationStrategy", form.Keys);
        Assert.Equal("$Latest", form["LaunchTemplateConfigs.1.LaunchTemplateSpecification.Version"]);
        Assert.StartsWith("provisioning.extender.io/test-cluster/", form["LaunchTemplateConfigs.1.LaunchTemplateSpecification.LaunchTemplateName"], StringComparison.Ordinal);
        Assert.Equal(
            [("c5.large", "subnet-a"), ("c5.large", "subnet-b"), ("m5.large", "subnet-a")],
            Enumerable.Range(1, 3).Select(i => (form[$"LaunchTemplateConfigs.1.Overrides.{i}.InstanceType"], form[$"LaunchTemplateConfigs.1.Overrides.{i}.SubnetId"])));
        Assert.DoesNotContain("LaunchTemplateConfigs.1.Overrides.4.InstanceType", form.Keys);
        Assert.Equal(["instance", "volume", "fleet"], Enumerable.Range(1, 3).Select(i => form[$"TagSpecification.{i}.ResourceType"]));
        var tags = Enumerable.Range(1, 20).Where(i => form.ContainsKey($"TagSpecification.1.Tag.{i}.Key"))
            .ToDictionary(i => form[$"TagSpecification.1.Tag.{i}.Key"], i => form[$"TagSpecification.1.Tag.{i}.Value"]);
        Assert.Equal("test-cluster", tags["provisioning.extender.io/cluster"]);
        Assert.Equal("owned", tags["kubernetes.io/cluster/test-cluster"]);
        Assert.Equal("default", tags["provisioning.extender.io/nodepool"]);
        Assert.Equal("claim-1", tags["provisioning.extender.io/nodeclaim"]);
        Assert.Equal("claim-1", tags["Name"]);
        Assert.Equal("infra", tags["team"]);
        Assert.Equal("42", tags["cost-center"]);
        Assert.Equal(new LaunchedInstance("i-0abc", "aws:///us-east-1a/i-0abc", "c5.large", "us-east-1a", CapacityTypes.OnDemand, 0.085m), launched);
    }

    [Fact]
    public async Task LaunchAsync_Spot_SendsPriceCapacityOptimizedAndOnlySpotOverrides()
    {
        using var wire = new WireFixture();
        wire.Ec2.Stub("CreateFleet", Ec2Xml.Fleet("i-0spot", "m5.large", "subnet-b", "spot"));
        var request = Requests.Launch(options:
        [
            new LaunchOption("m5.large", "us-east-1b", CapacityTypes.Spot, 0.03m),
            new LaunchOption("c5.large", "us-east-1a", CapacityTypes.OnDemand, 0.085m),
        ]);

        var launched = await wire.Host.Provider.LaunchAsync(request, CancellationToken.None);

        var form = Assert.Single(wire.Ec2.Sent("CreateFleet"));
        Assert.Equal("spot", form["TargetCapacitySpecification.DefaultTargetCapacityType"]);
        Assert.Equal("price-capacity-optimized", form["SpotOptions.AllocationStrategy"]);
        Assert.DoesNotContain("OnDemandOptions.AllocationStrategy", form.Keys);
        Assert.Equal("m5.large", form["LaunchTemplateConfigs.1.Overrides.1.InstanceType"]);
        Assert.DoesNotContain("LaunchTemplateConfigs.1.Overrides.2.InstanceType", form.Keys);
        Assert.Equal(("spot", 0.03m, "aws:///us-east-1b/i-0spot"), (launched.CapacityType, launched.PricePerHour, launched.ProviderId));
    }

    [Fact]
    public async Task LaunchAsync_LaunchTemplate_CarriesNewestAmiImdsv2ProfileAndNodeConfig()
    {
        using var wire = new WireFixture();
        wire.Ec2.Stub("CreateFleet", Ec2Xml.Fleet("i-0abc", "c5.large", "subnet-a", "on-demand"));

        await wire.Host.Provider.LaunchAsync(Requests.Launch(), CancellationToken.None);

        var form = Assert.Single(wire.Ec2.Sent("CreateLaunchTemplate"));
        Assert.Equal("ami-new", form["LaunchTemplateData.ImageId"]);
        Assert.Equal("sg-1", form["LaunchTemplateData.SecurityGroupId.1"]);
        Assert.Equal("NodeRole", form["LaunchTemplateData.IamInstanceProfile.Name"]);
        Assert.Equal("required", form["LaunchTemplateData.MetadataOptions.HttpTokens"]);
        Assert.Equal("1", form["LaunchTemplateData.MetadataOptions.HttpPutResponseHopLimit"]);
        Assert.Equal("launch-template", form["TagSpecification.1.ResourceType"]);
        var userData = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(form["LaunchTemplateData.UserData"]));
        Assert.Contains("name: \"test-cluster\"", userData, StringComparison.Ordinal);
        Assert.Contains("\"--node-labels=provisioning.extender.io/nodepool=default\"", userData, StringComparison.Ordinal);
        Assert.Contains("\"--register-with-taints=dedicated=gpu:NoSchedule\"", userData, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LaunchAsync_RootVolumeMapping_SentForTheImagesRootDevice()
    {
        using var wire = new WireFixture();
        wire.Ec2.Stub("CreateFleet", Ec2Xml.Fleet("i-0abc", "c5.large", "subnet-a", "on-demand"));
        wire.Host.NodeClasses.Upsert(ProviderHost.DefaultNodeClass with { BlockDeviceMappings = [new() { DeviceName = "/dev/sdq", VolumeSizeGiB = 120, RootVolume = true }] });

        await wire.Host.Provider.LaunchAsync(Requests.Launch(), CancellationToken.None);

        var form = Assert.Single(wire.Ec2.Sent("CreateLaunchTemplate"));
        Assert.Equal("/dev/xvda", form["LaunchTemplateData.BlockDeviceMapping.1.DeviceName"]);
        Assert.Equal("120", form["LaunchTemplateData.BlockDeviceMapping.1.Ebs.VolumeSize"]);
        Assert.DoesNotContain("LaunchTemplateData.BlockDeviceMapping.2.DeviceName", form.Keys);
    }

    [Fact]
    public async Task LaunchAsync_PublicAddressAndDetailedMonitoring_AskedForOnThePrimaryInterfaceAndInstance()
    {
        using var wire = new WireFixture();
        wire.Ec2.Stub("CreateFleet", Ec2Xml.Fleet("i-0abc", "c5.large", "subnet-a", "on-demand"));
        wire.Host.NodeClasses.Upsert(ProviderHost.DefaultNodeClass with { AssociatePublicIpAddress = false, DetailedMonitoring = true });

        await wire.Host.Provider.LaunchAsync(Requests.Launch(), CancellationToken.None);

        var form = Assert.Single(wire.Ec2.Sent("CreateLaunchTemplate"));
        Assert.Equal("0", form["LaunchTemplateData.NetworkInterface.1.DeviceIndex"]);
        Assert.Equal("false", form["LaunchTemplateData.NetworkInterface.1.AssociatePublicIpAddress"]);
        Assert.Equal("sg-1", form["LaunchTemplateData.NetworkInterface.1.SecurityGroupId.1"]);
        Assert.DoesNotContain("LaunchTemplateData.SecurityGroupId.1", form.Keys);
        Assert.Equal("true", form["LaunchTemplateData.Monitoring.Enabled"]);
    }

    [Fact]
    public async Task LaunchAsync_PublicAddressNotSet_LeavesItToTheSubnetAndMonitoringOff()
    {
        using var wire = new WireFixture();
        wire.Ec2.Stub("CreateFleet", Ec2Xml.Fleet("i-0abc", "c5.large", "subnet-a", "on-demand"));

        await wire.Host.Provider.LaunchAsync(Requests.Launch(), CancellationToken.None);

        var form = Assert.Single(wire.Ec2.Sent("CreateLaunchTemplate"));
        Assert.DoesNotContain(form.Keys, k => k.StartsWith("LaunchTemplateData.NetworkInterface.", StringComparison.Ordinal));
        Assert.Equal("false", form["LaunchTemplateData.Monitoring.Enabled"]);
    }

    [Fact]
    public async Task LaunchAsync_SecondLaunchSameConfiguration_ReusesCachedLaunchTemplate()
    {
        using var wire = new WireFixture();
        wire.Ec2.Stub("CreateFleet", Ec2Xml.Fleet("i-0abc", "c5.large", "subnet-a", "on-demand"));

        await wire.Host.Provider.LaunchAsync(Requests.Launch("claim-1", "t1"), CancellationToken.None);
        await wire.Host.Provider.LaunchAsync(Requests.Launch("claim-2", "t2"), CancellationToken.None);

        Assert.Single(wire.Ec2.Sent("CreateLaunchTemplate"));
        Assert.Equal(2, wire.Ec2.Sent("CreateFleet").Count);
    }

    [Fact]
    public async Task LaunchAsync_LaunchTemplateKeepsMissing_RecreatesOnceThenSurfacesNotFound()
    {
        using var wire = new WireFixture();
        wire.Ec2.Stub("CreateFleet", Ec2Xml.Fleet("i-0abc", "c5.large", "subnet-a", "on-demand"));
        await wire.Host.Provider.LaunchAsync(Requests.Launch("claim-1", "t1"), CancellationToken.None);
        wire.Ec2.Stub("CreateFleet", Ec2Xml.Error("InvalidLaunchTemplateName.NotFoundException"), 400, "ClientToken", "t2", priority: 1);

        var ex = await Assert.ThrowsAsync<CapacityException>(() => wire.Host.Provider.LaunchAsync(Requests.Launch("claim-2", "t2"), CancellationToken.None));

        // Re-created once; a template that stays missing must surface instead of looping.
        Assert.Equal(CapacityErrorKind.NotFound, ex.Kind);
        Assert.Equal(2, wire.Ec2.Sent("CreateLaunchTemplate").Count);
        Assert.Equal(3, wire.Ec2.Sent("CreateFleet").Count);
    }

    [Fact]
    public async Task LaunchAsync_FleetErrorsAndNoInstance_ThrowsInsufficientCapacityNamingOfferings()
    {
        using var wire = new WireFixture();
        wire.Ec2.Stub("CreateFleet", Ec2Xml.Fleet(null, null, null, "on-demand",
            ("InsufficientInstanceCapacity", "c5.large", "subnet-a"), ("UnfulfillableCapacity", "m5.large", "subnet-a")));

        var ex = await Assert.ThrowsAsync<CapacityException>(() => wire.Host.Provider.LaunchAsync(Requests.Launch(), CancellationToken.None));

        Assert.Equal(CapacityErrorKind.InsufficientCapacity, ex.Kind);
        Assert.Equal(
            [new UnavailableOffering("c5.large", "us-east-1a", CapacityTypes.OnDemand), new UnavailableOffering("m5.large", "us-east-1a", CapacityTypes.OnDemand)],
            ex.UnavailableOfferings);
    }

    [Fact]
    public async Task LaunchAsync_CheapestOfferingErroredButFleetLaunchedNext_ReturnsInstanceAndSkipsOfferingNextTime()
    {
        using var wire = new WireFixture();
        wire.Ec2.Stub("CreateFleet", Ec2Xml.Fleet("i-0next", "c5.large", "subnet-b", "on-demand", ("InsufficientInstanceCapacity", "c5.large", "subnet-a")));

        var launched = await wire.Host.Provider.LaunchAsync(Requests.Launch("claim-1", "t1"), CancellationToken.None);
        await wire.Host.Provider.LaunchAsync(Requests.Launch("claim-2", "t2"), CancellationToken.None);

        Assert.Equal("us-east-1b", launched.Zone);
        var second = wire.Ec2.Sent("CreateFleet")[1];
        Assert.Equal(("c5.large", "subnet-b"), (second["LaunchTemplateConfigs.1.Overrides.1.InstanceType"], second["LaunchTemplateConfigs.1.Overrides.1.SubnetId"]));
    }

    [Theory]
    [InlineData("InsufficientInstanceCapacity", 500, CapacityErrorKind.InsufficientCapacity)]
    [InlineData("UnfulfillableCapacity", 400, CapacityErrorKind.InsufficientCapacity)]
    [InlineData("MaxSpotInstanceCountExceeded", 400, CapacityErrorKind.InsufficientCapacity)]
    [InlineData("VcpuLimitExceeded", 400, CapacityErrorKind.InsufficientCapacity)]
    [InlineData("SpotMaxPriceTooLow", 400, CapacityErrorKind.InsufficientCapacity)]
    [InlineData("UnauthorizedOperation", 403, CapacityErrorKind.Configuration)]
    [InlineData("InvalidParameterValue", 400, CapacityErrorKind.Configuration)]
    [InlineData("InvalidAMIID.NotFound", 400, CapacityErrorKind.Configuration)]
    [InlineData("InvalidSubnetID.NotFound", 400, CapacityErrorKind.Configuration)]
    [InlineData("RequestLimitExceeded", 503, CapacityErrorKind.Throttled)]
    [InlineData("InternalError", 500, CapacityErrorKind.Transient)]
    public async Task LaunchAsync_CreateFleetFails_ClassifiesErrorCode(string code, int status, CapacityErrorKind expected)
    {
        using var wire = new WireFixture(new Dictionary<string, string?> { ["Aws:ThrottleMaxAttempts"] = "1" });
        wire.Ec2.Stub("CreateFleet", Ec2Xml.Error(code), status);

        var ex = await Assert.ThrowsAsync<CapacityException>(() => wire.Host.Provider.LaunchAsync(Requests.Launch(), CancellationToken.None));

        Assert.Equal(expected, ex.Kind);
        Assert.Contains(code, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("InsufficientInstanceCapacity", 3)]
    [InlineData("VcpuLimitExceeded", 1)]
    public async Task LaunchAsync_CapacityErrorForWholeCall_ScopesUnavailableOfferings(string code, int expectedOfferings)
    {
        using var wire = new WireFixture();
        wire.Ec2.Stub("CreateFleet", Ec2Xml.Error(code), 400);

        var ex = await Assert.ThrowsAsync<CapacityException>(() => wire.Host.Provider.LaunchAsync(Requests.Launch(), CancellationToken.None));

        Assert.Equal(expectedOfferings, ex.UnavailableOfferings.Count);
        Assert.All(ex.UnavailableOfferings, o => Assert.Equal(CapacityTypes.OnDemand, o.CapacityType));
    }

    [Fact]
    public async Task LaunchAsync_UnknownNodeClass_ThrowsConfigurationWithoutCallingEc2()
    {
        using var wire = new WireFixture();
        var request = Requests.Launch() with { NodeClass = "missing" };

        var ex = await Assert.ThrowsAsync<CapacityException>(() => wire.Host.Provider.LaunchAsync(request, CancellationToken.None));

        Assert.Equal(CapacityErrorKind.Configuration, ex.Kind);
        Assert.Contains("'missing'", ex.Message, StringComparison.Ordinal);
        Assert.Empty(wire.Ec2.Server.LogEntries);
    }

    [Fact]
    public async Task LaunchAsync_NoSubnetInOptionZones_ThrowsConfiguration()
    {
        using var wire = new WireFixture();
        var request = Requests.Launch(options: new LaunchOption("c5.large", "us-east-1c", CapacityTypes.OnDemand, 0.085m));

        var ex = await Assert.ThrowsAsync<CapacityException>(() => wire.Host.Provider.LaunchAsync(request, CancellationToken.None));

        Assert.Equal(CapacityErrorKind.Configuration, ex.Kind);
        Assert.Contains("us-east-1c", ex.Message, StringComparison.Ordinal);
    }
}
