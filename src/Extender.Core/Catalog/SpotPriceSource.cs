namespace Extender.Core.Catalog;

/// <summary>
/// The spot price of <paramref name="instanceType"/> in <paramref name="zone"/>, or null when spot is not offered there.
/// The catalog data carries on-demand prices only; spot offerings exist only where a source like this names a price.
/// </summary>
public delegate decimal? SpotPriceSource(string instanceType, string zone, decimal onDemandPricePerHour);
