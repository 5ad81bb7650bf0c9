namespace Extender.Core.Disruption;

/// <summary>Why a claim is Drifted: Karpenter's drift reasons (the Drifted condition's reason).</summary>
public static class DriftReasons
{
    public const string NodePoolDrifted = "NodePoolDrifted";
    public const string RequirementsDrifted = "RequirementsDrifted";
    public const string InstanceTypeNotFound = "InstanceTypeNotFound";
    public const string NodeClassDrift = "NodeClassDrift";
    public const string AmiDrift = "AMIDrift";
    public const string SubnetDrift = "SubnetDrift";
    public const string SecurityGroupDrift = "SecurityGroupDrift";

    /// <summary>Not Karpenter's: EC2 recommended rebalancing the instance and its NodePool opts in (<see cref="Interruption.RebalanceRecommendations"/>).</summary>
    public const string RebalanceRecommendation = "RebalanceRecommendation";
}
