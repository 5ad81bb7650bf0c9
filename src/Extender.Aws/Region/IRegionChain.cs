namespace Extender.Aws.Region;

/// <summary>Where the region comes from when <c>Aws:Region</c> is not set; replaced in tests.</summary>
internal interface IRegionChain
{
    /// <summary>The region's system name (<c>eu-west-1</c>), or null when no source names one.</summary>
    string? FindRegion();
}
