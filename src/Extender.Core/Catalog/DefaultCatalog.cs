namespace Extender.Core.Catalog;

/// <summary>
/// The catalog built into the binary: EC2 instance types of us-east-1 with allocatable after node overhead and
/// on-demand Linux prices, assumed offered on demand in us-east-1a, us-east-1b and us-east-1c.
/// </summary>
public static class DefaultCatalog
{
    private const string ResourceName = "Extender.Core.Catalog.ec2-instance-types-us-east-1.json";

    public static InstanceCatalog Load(SpotPriceSource? spotPrices = null)
    {
        using var stream = typeof(DefaultCatalog).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing from the build");
        return CatalogLoader.Load(stream, spotPrices);
    }
}
