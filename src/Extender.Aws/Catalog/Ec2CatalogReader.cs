using Amazon.EC2;
using Amazon.EC2.Model;
using Extender.Aws.Errors;
using Extender.Aws.NodeClasses;

namespace Extender.Aws.Catalog;

/// <summary>Reads the catalog's raw material from EC2, every page of it.</summary>
internal sealed class Ec2CatalogReader(IAmazonEC2 ec2, Ec2Caller caller, TimeProvider time)
{
    public async Task<IReadOnlyList<InstanceTypeFacts>> ReadInstanceTypesAsync(CancellationToken cancellationToken)
    {
        var facts = new List<InstanceTypeFacts>();
        string? token = null;
        do
        {
            var request = new DescribeInstanceTypesRequest { MaxResults = 100, NextToken = token };
            var page = await caller.CallAsync("DescribeInstanceTypes", ct => ec2.DescribeInstanceTypesAsync(request, ct), cancellationToken);
            foreach (var info in page.InstanceTypes ?? [])
            {
                if (ToFacts(info) is { } f)
                {
                    facts.Add(f);
                }
            }

            token = page.NextToken;
        }
        while (!string.IsNullOrEmpty(token));

        return facts;
    }

    public async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> ReadZonesAsync(CancellationToken cancellationToken)
    {
        var zones = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        string? token = null;
        do
        {
            var request = new DescribeInstanceTypeOfferingsRequest { LocationType = LocationType.AvailabilityZone, MaxResults = 1000, NextToken = token };
            var page = await caller.CallAsync("DescribeInstanceTypeOfferings", ct => ec2.DescribeInstanceTypeOfferingsAsync(request, ct), cancellationToken);
            foreach (var offering in page.InstanceTypeOfferings ?? [])
            {
                var type = offering.InstanceType.Value;
                if (!zones.TryGetValue(type, out var set))
                {
                    zones[type] = set = new SortedSet<string>(StringComparer.Ordinal);
                }

                set.Add(offering.Location);
            }

            token = page.NextToken;
        }
        while (!string.IsNullOrEmpty(token));

        return zones.ToDictionary(z => z.Key, z => (IReadOnlyList<string>)[.. z.Value], StringComparer.Ordinal);
    }

    /// <summary>The latest Linux/UNIX spot price per (type, zone): a start time of now returns only the current price of each pool.</summary>
    public async Task<IReadOnlyDictionary<(string Type, string Zone), decimal>> ReadSpotPricesAsync(CancellationToken cancellationToken)
    {
        var latest = new Dictionary<(string, string), (DateTime At, decimal Price)>();
        string? token = null;
        var now = time.GetUtcNow().UtcDateTime;
        do
        {
            var request = new DescribeSpotPriceHistoryRequest
            {
                ProductDescriptions = ["Linux/UNIX"],
                StartTime = now,
                MaxResults = 1000,
                NextToken = token,
            };
            var page = await caller.CallAsync("DescribeSpotPriceHistory", ct => ec2.DescribeSpotPriceHistoryAsync(request, ct), cancellationToken);
            foreach (var p in page.SpotPriceHistory ?? [])
            {
                var key = (p.InstanceType.Value, p.AvailabilityZone);
                var at = p.Timestamp ?? DateTime.MinValue;
                if (decimal.TryParse(p.Price, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var price)
                    && (!latest.TryGetValue(key, out var seen) || at > seen.At))
                {
                    latest[key] = (at, price);
                }
            }

            token = page.NextToken;
        }
        while (!string.IsNullOrEmpty(token));

        return latest.ToDictionary(p => p.Key, p => p.Value.Price);
    }

    private static InstanceTypeFacts? ToFacts(InstanceTypeInfo info)
    {
        var architecture = (info.ProcessorInfo?.SupportedArchitectures ?? [])
            .Select(a => NodeClassResolver.KubernetesArchitecture(a))
            .FirstOrDefault(a => a is not null);
        if (architecture is null || info.VCpuInfo?.DefaultVCpus is not { } vcpus || info.MemoryInfo?.SizeInMiB is not { } memory)
        {
            return null;
        }

        var network = info.NetworkInfo;
        // On multi-card types the VPC CNI attaches ENIs only to the default card, so that card's limit counts.
        var defaultCard = (network?.NetworkCards ?? []).FirstOrDefault(c => c.NetworkCardIndex == (network?.DefaultNetworkCardIndex ?? 0));
        var enis = defaultCard?.MaximumNetworkInterfaces ?? network?.MaximumNetworkInterfaces ?? 1;
        var gpu = (info.GpuInfo?.Gpus ?? []).FirstOrDefault();
        return new InstanceTypeFacts(
            info.InstanceType.Value,
            architecture,
            vcpus,
            memory,
            enis,
            network?.Ipv4AddressesPerInterface ?? 1,
            (info.GpuInfo?.Gpus ?? []).Sum(g => g.Count ?? 0),
            gpu?.Name,
            gpu?.Manufacturer);
    }
}
