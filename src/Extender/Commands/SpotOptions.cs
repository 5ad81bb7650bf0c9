using Extender.Core.Catalog;
using Extender.Planning;

namespace Extender.Commands;

/// <summary><c>plan</c>'s spot price source: a price file or a fraction of on-demand, at most one of them.</summary>
internal sealed record SpotOptions(string? PricesPath, decimal? Discount)
{
    /// <summary>The source the options name; null when neither is given. Throws <see cref="PlanInputException"/> on a bad value.</summary>
    public SpotPriceSource? Source() => (PricesPath, Discount) switch
    {
        ({ }, { }) => throw new PlanInputException("--spot-prices and --spot-discount are alternatives: give at most one"),
        ({ } path, null) => SpotPriceFile.Load(path),
        (null, { } fraction) when fraction is > 0 and <= 1 => SpotPrices.Discount(fraction),
        (null, { } fraction) => throw new PlanInputException($"--spot-discount {fraction}: must be in (0, 1]"),
        _ => null,
    };
}
