namespace Extender.Kubernetes.CustomResources;

/// <summary>One acceptable offering for the claim (instance type, zone, capacity type, price), cheapest first.</summary>
public sealed class NodeClaimLaunchOption
{
    public string InstanceType { get; set; } = "";

    public string Zone { get; set; } = "";

    public string CapacityType { get; set; } = "";

    /// <summary>Decimal text (e.g. <c>"0.1008"</c>), so prices round-trip exactly.</summary>
    public string PricePerHour { get; set; } = "0";
}
