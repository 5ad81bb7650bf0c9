using Microsoft.Extensions.Logging;

namespace Extender.Aws;

internal static partial class AwsLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "EC2 {Action} throttled ({ErrorCode}), attempt {Attempt}; retrying in {DelayMs} ms")]
    public static partial void Throttled(ILogger logger, string action, string errorCode, int attempt, double delayMs);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Launched {InstanceId} ({InstanceType}, {Zone}, {CapacityType}) for NodeClaim {NodeClaim}")]
    public static partial void Launched(ILogger logger, string instanceId, string instanceType, string zone, string capacityType, string nodeClaim);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "CreateFleet for NodeClaim {NodeClaim} could not use {InstanceType} in {Zone} ({CapacityType}): {ErrorCode}")]
    public static partial void OfferingUnavailable(ILogger logger, string nodeClaim, string? instanceType, string? zone, string capacityType, string errorCode);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "Terminated {InstanceId}")]
    public static partial void Terminated(ILogger logger, string instanceId);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Information, Message = "Created launch template {LaunchTemplateName} ({LaunchTemplateId})")]
    public static partial void LaunchTemplateCreated(ILogger logger, string launchTemplateName, string launchTemplateId);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Information, Message = "Deleted stale launch template {LaunchTemplateName}")]
    public static partial void LaunchTemplateDeleted(ILogger logger, string launchTemplateName);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Information, Message = "Catalog refreshed: {InstanceTypeCount} instance types, {SpotPriceCount} spot prices")]
    public static partial void CatalogRefreshed(ILogger logger, int instanceTypeCount, int spotPriceCount);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Warning, Message = "Catalog refresh of {Part} failed; keeping the last good catalog")]
    public static partial void CatalogRefreshFailed(ILogger logger, string part, Exception exception);

    [LoggerMessage(EventId = 3009, Level = LogLevel.Information, Message = "EC2 client warmed up in {ElapsedMs} ms")]
    public static partial void WarmedUp(ILogger logger, double elapsedMs);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Warning, Message = "EC2 client warm-up failed")]
    public static partial void WarmUpFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Warning, Message = "Launch template {LaunchTemplateName} was missing; re-creating it")]
    public static partial void LaunchTemplateMissing(ILogger logger, string launchTemplateName);

    [LoggerMessage(EventId = 3012, Level = LogLevel.Warning, Message = "EC2NodeClass {NodeClass} did not resolve: {Reason}")]
    public static partial void NodeClassUnresolved(ILogger logger, string nodeClass, string reason);

    [LoggerMessage(EventId = 3013, Level = LogLevel.Warning, Message = "Deleting stale launch templates failed; will try again")]
    public static partial void LaunchTemplateCleanupFailed(ILogger logger, Exception exception);

    // 3020-3029: how the cluster's nodes reach it (region, endpoint, CA).
    [LoggerMessage(EventId = 3020, Level = LogLevel.Information, Message = "EKS DescribeCluster for cluster {ClusterName}: nodes will join {ClusterEndpoint}")]
    public static partial void ClusterDiscovered(ILogger logger, string clusterName, string clusterEndpoint);

    [LoggerMessage(EventId = 3021, Level = LogLevel.Warning, Message = "EKS DescribeCluster for cluster {ClusterName} failed (attempt {Attempt}); retrying: {Problem}")]
    public static partial void ClusterDiscoveryRetry(ILogger logger, string clusterName, int attempt, string problem);

    [LoggerMessage(EventId = 3022, Level = LogLevel.Debug, Message = "Not leading: skipped the launch-template cleanup")]
    public static partial void LaunchTemplateCleanupSkipped(ILogger logger);

    [LoggerMessage(EventId = 3030, Level = LogLevel.Information, Message = "Created instance profile {InstanceProfile} for EC2NodeClass {NodeClass}")]
    public static partial void InstanceProfileCreated(ILogger logger, string instanceProfile, string nodeClass);

    [LoggerMessage(EventId = 3031, Level = LogLevel.Information, Message = "Instance profile {InstanceProfile} now holds role {Role}")]
    public static partial void InstanceProfileRoleSet(ILogger logger, string instanceProfile, string role);

    [LoggerMessage(EventId = 3032, Level = LogLevel.Information, Message = "Deleted instance profile {InstanceProfile}: its EC2NodeClass is gone")]
    public static partial void InstanceProfileDeleted(ILogger logger, string instanceProfile);
}
