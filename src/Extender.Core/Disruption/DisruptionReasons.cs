namespace Extender.Core.Disruption;

/// <summary>Why a node is disrupted: Karpenter's budget reasons, plus expiry (which no budget limits).</summary>
public static class DisruptionReasons
{
    public const string Empty = "Empty";
    public const string Drifted = "Drifted";
    public const string Underutilized = "Underutilized";
    public const string Expired = "Expired";
}
