namespace Extender.Core.Catalog;

public static class CapacityTypes
{
    public const string OnDemand = "on-demand";
    public const string Spot = "spot";
}
