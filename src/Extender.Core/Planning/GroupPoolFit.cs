namespace Extender.Core.Planning;

/// <summary>
/// Which of a NodePool's instance types a pod group may run on (indexes into <see cref="PoolModel.Types"/>), in
/// which zones and capacity types, and the cheapest price of each type under those choices.
/// </summary>
internal sealed class GroupPoolFit(bool[] types, double[] minPrice, int zoneMask, int capacityTypeMask)
{
    public bool[] Types { get; } = types;
    public double[] MinPrice { get; } = minPrice;
    public int ZoneMask { get; } = zoneMask;
    public int CapacityTypeMask { get; } = capacityTypeMask;
}
