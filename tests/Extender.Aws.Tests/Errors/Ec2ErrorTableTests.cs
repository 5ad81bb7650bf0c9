using Extender.Aws.Errors;
using Extender.Core.Capacity;

namespace Extender.Aws.Tests.Errors;

public sealed class Ec2ErrorTableTests
{
    [Theory]
    [InlineData("InsufficientInstanceCapacity", CapacityErrorKind.InsufficientCapacity, "Offering")]
    [InlineData("UnfulfillableCapacity", CapacityErrorKind.InsufficientCapacity, "Offering")]
    [InlineData("SpotMaxPriceTooLow", CapacityErrorKind.InsufficientCapacity, "Offering")]
    [InlineData("MaxSpotInstanceCountExceeded", CapacityErrorKind.InsufficientCapacity, "CapacityType")]
    [InlineData("VcpuLimitExceeded", CapacityErrorKind.InsufficientCapacity, "CapacityType")]
    [InlineData("RequestLimitExceeded", CapacityErrorKind.Throttled, "None")]
    [InlineData("Throttling", CapacityErrorKind.Throttled, "None")]
    [InlineData("UnauthorizedOperation", CapacityErrorKind.Configuration, "None")]
    [InlineData("InvalidParameterValue", CapacityErrorKind.Configuration, "None")]
    [InlineData("InvalidAMIID.NotFound", CapacityErrorKind.Configuration, "None")]
    [InlineData("InvalidSubnetID.NotFound", CapacityErrorKind.Configuration, "None")]
    [InlineData("InvalidInstanceID.NotFound", CapacityErrorKind.NotFound, "None")]
    [InlineData("InvalidLaunchTemplateName.NotFoundException", CapacityErrorKind.NotFound, "None")]
    [InlineData("SomethingNew", CapacityErrorKind.Transient, "None")]
    [InlineData(null, CapacityErrorKind.Transient, "None")]
    public void Classify_ErrorCode_MapsToKindAndScope(string? code, CapacityErrorKind kind, string scope) =>
        Assert.Equal(new Ec2ErrorRule(kind, Enum.Parse<UnavailabilityScope>(scope)), Ec2ErrorTable.Classify(code));
}
