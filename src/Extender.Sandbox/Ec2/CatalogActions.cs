using System.Globalization;
using static Extender.Sandbox.Ec2.Ec2Xml;

namespace Extender.Sandbox.Ec2;

/// <summary>DescribeAvailabilityZones, DescribeInstanceTypes, DescribeInstanceTypeOfferings, DescribeSpotPriceHistory.</summary>
internal sealed class CatalogActions(SandboxEc2State state)
{
    public string DescribeAvailabilityZones() => Response("DescribeAvailabilityZones",
        Set("availabilityZoneInfo", state.Options.Zones.Select((zone, i) => (object)E("item",
            E("zoneName", zone), E("zoneState", "available"), E("regionName", state.Options.Region), E("zoneId", $"use1-az{i + 1}")))));

    public string DescribeInstanceTypes(Ec2Form form)
    {
        var wanted = form.List("InstanceType").ToHashSet(StringComparer.Ordinal);
        var types = state.Options.InstanceTypes.Where(t => wanted.Count == 0 || wanted.Contains(t.Name)).ToList();
        var (page, next) = Page(types, form, 100);
        return Response("DescribeInstanceTypes", Set("instanceTypeSet", page.Select(t => (object)E("item",
            E("instanceType", t.Name),
            E("currentGeneration", "true"),
            E("supportedUsageClasses", E("item", "on-demand"), E("item", "spot")),
            E("vCpuInfo", E("defaultVCpus", t.VCpus)),
            E("memoryInfo", E("sizeInMiB", t.MemoryMiB)),
            E("processorInfo", Set("supportedArchitectures", [t.Architecture])),
            E("networkInfo",
                E("maximumNetworkInterfaces", t.MaxNetworkInterfaces),
                E("ipv4AddressesPerInterface", t.Ipv4AddressesPerInterface),
                E("defaultNetworkCardIndex", 0),
                Set("networkCards", [E("item", E("networkCardIndex", 0), E("maximumNetworkInterfaces", t.MaxNetworkInterfaces))])),
            t.GpuCount == 0 ? null : E("gpuInfo", Set("gpus", [E("item", E("name", t.GpuName), E("manufacturer", "NVIDIA"), E("count", t.GpuCount))]))))),
            NextToken(next));
    }

    public string DescribeInstanceTypeOfferings(Ec2Form form)
    {
        var offerings = state.Options.InstanceTypes.SelectMany(t => state.Options.Zones.Select(z => (t.Name, Zone: z))).ToList();
        var (page, next) = Page(offerings, form, 1000);
        return Response("DescribeInstanceTypeOfferings", Set("instanceTypeOfferingSet", page.Select(o => (object)E("item",
            E("instanceType", o.Name), E("locationType", "availability-zone"), E("location", o.Zone)))), NextToken(next));
    }

    public string DescribeSpotPriceHistory(Ec2Form form)
    {
        var timestamp = state.Options.TimeProvider.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        var prices = state.Options.InstanceTypes
            .SelectMany(t => state.Options.Zones.Select(z => (t.Name, Zone: z, Price: state.Price(t.Name, "spot"))))
            .Where(p => p.Price is not null)
            .ToList();
        var (page, next) = Page(prices, form, 1000);
        return Response("DescribeSpotPriceHistory", Set("spotPriceHistorySet", page.Select(p => (object)E("item",
            E("instanceType", p.Name), E("productDescription", "Linux/UNIX"), E("spotPrice", p.Price!.Value.ToString(CultureInfo.InvariantCulture)),
            E("timestamp", timestamp), E("availabilityZone", p.Zone)))), NextToken(next));
    }
}
