using System.Collections.Frozen;
using Extender.Core.Capacity;

namespace Extender.Aws.Errors;

/// <summary>The one place where EC2 (and SSM and IAM) error codes become the provisioner's vocabulary.</summary>
internal static class Ec2ErrorTable
{
    private static readonly Ec2ErrorRule Offering = new(CapacityErrorKind.InsufficientCapacity, UnavailabilityScope.Offering);
    private static readonly Ec2ErrorRule Quota = new(CapacityErrorKind.InsufficientCapacity, UnavailabilityScope.CapacityType);
    private static readonly Ec2ErrorRule Throttled = new(CapacityErrorKind.Throttled);
    private static readonly Ec2ErrorRule Configuration = new(CapacityErrorKind.Configuration);
    private static readonly Ec2ErrorRule NotFound = new(CapacityErrorKind.NotFound);
    private static readonly Ec2ErrorRule Transient = new(CapacityErrorKind.Transient);

    private static readonly FrozenDictionary<string, Ec2ErrorRule> Rules = new Dictionary<string, Ec2ErrorRule>(StringComparer.Ordinal)
    {
        ["InsufficientInstanceCapacity"] = Offering,
        ["InsufficientHostCapacity"] = Offering,
        ["InsufficientCapacityOnHost"] = Offering,
        ["UnfulfillableCapacity"] = Offering,
        ["SpotMaxPriceTooLow"] = Offering,
        ["Unsupported"] = Offering,
        ["MaxSpotInstanceCountExceeded"] = Quota,
        ["VcpuLimitExceeded"] = Quota,
        ["InstanceLimitExceeded"] = Quota,
        ["RequestLimitExceeded"] = Throttled,
        ["Throttling"] = Throttled,
        ["ThrottlingException"] = Throttled,
        ["UnauthorizedOperation"] = Configuration,
        ["AuthFailure"] = Configuration,
        ["OptInRequired"] = Configuration,
        ["InvalidParameter"] = Configuration,
        ["InvalidParameterValue"] = Configuration,
        ["InvalidParameterCombination"] = Configuration,
        ["IdempotentParameterMismatch"] = Configuration,
        ["InvalidAMIID.NotFound"] = Configuration,
        ["InvalidAMIID.Malformed"] = Configuration,
        ["InvalidAMIID.Unavailable"] = Configuration,
        ["InvalidSubnetID.NotFound"] = Configuration,
        ["InvalidSubnet"] = Configuration,
        ["InvalidGroup.NotFound"] = Configuration,
        ["InvalidSecurityGroupID.NotFound"] = Configuration,
        ["InvalidBlockDeviceMapping"] = Configuration,
        ["InvalidUserData.Malformed"] = Configuration,
        ["InvalidInstanceID.NotFound"] = NotFound,
        ["InvalidInstanceID.Malformed"] = Configuration,
        ["InvalidLaunchTemplateName.NotFoundException"] = NotFound,
        ["InvalidLaunchTemplateId.NotFound"] = NotFound,
        ["InvalidLaunchTemplateName.AlreadyExistsException"] = new(CapacityErrorKind.Transient),
        ["InvalidFleetId.NotFound"] = NotFound,

        // SSM, whose parameters name the images an alias selects.
        ["ParameterNotFound"] = NotFound,
        ["ParameterVersionNotFound"] = NotFound,
        ["AccessDeniedException"] = Configuration,

        // IAM, for the instance profiles of classes that name a role.
        ["NoSuchEntity"] = NotFound,
        ["EntityAlreadyExists"] = Transient,
        ["AccessDenied"] = Configuration,
        ["LimitExceeded"] = Configuration,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Unknown codes (and 5xx without a code) are transient: the caller retries with backoff.</summary>
    public static Ec2ErrorRule Classify(string? code) =>
        code is not null && Rules.TryGetValue(code, out var rule) ? rule : Transient;

    public static bool IsLaunchTemplateMissing(string? code) =>
        code is "InvalidLaunchTemplateName.NotFoundException" or "InvalidLaunchTemplateId.NotFound";

    public static bool IsAlreadyExists(string? code) => code == "InvalidLaunchTemplateName.AlreadyExistsException";
}
