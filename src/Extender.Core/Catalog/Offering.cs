namespace Extender.Core.Catalog;

/// <summary>One way to buy an instance type: a zone and a capacity type (<c>on-demand</c> or <c>spot</c>) at a price.</summary>
public sealed record Offering(string Zone, string CapacityType, decimal PricePerHour, bool Available = true);
