namespace Extender.Kubernetes.CustomResources;

/// <summary>The condition types a NodeClaim moves through, in order.</summary>
public static class NodeClaimConditionTypes
{
    public const string Launched = "Launched";
    public const string Registered = "Registered";
    public const string Initialized = "Initialized";
    public const string Ready = "Ready";
}
