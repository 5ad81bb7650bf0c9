using System.Globalization;
using System.Text.RegularExpressions;
using Extender.Core.Catalog;

namespace Extender.Aws.Catalog;

/// <summary>The label values an instance type's nodes carry (see interfaces.md, well-known labels).</summary>
internal static partial class InstanceTypeLabels
{
    public static IReadOnlyDictionary<string, string> For(InstanceTypeFacts facts, string region)
    {
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            [WellKnownLabels.InstanceType] = facts.Name,
            [WellKnownLabels.Arch] = facts.Architecture,
            [WellKnownLabels.Os] = "linux",
            [WellKnownLabels.Region] = region,
            [WellKnownLabels.InstanceCpu] = facts.VCpus.ToString(CultureInfo.InvariantCulture),
            [WellKnownLabels.InstanceMemory] = facts.MemoryMiB.ToString(CultureInfo.InvariantCulture),
        };
        var dot = facts.Name.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0)
        {
            var family = facts.Name[..dot];
            labels[WellKnownLabels.InstanceFamily] = family;
            labels[WellKnownLabels.InstanceSize] = facts.Name[(dot + 1)..];
            var match = FamilyPattern().Match(family);
            if (match.Success)
            {
                labels[WellKnownLabels.InstanceCategory] = match.Groups[1].Value;
                labels[WellKnownLabels.InstanceGeneration] = match.Groups[2].Value;
            }
        }

        if (facts.GpuCount > 0)
        {
            labels[WellKnownLabels.InstanceGpuCount] = facts.GpuCount.ToString(CultureInfo.InvariantCulture);
            if (facts.GpuName is { Length: > 0 } gpu)
            {
                labels[WellKnownLabels.InstanceGpuName] = gpu.ToLowerInvariant().Replace(' ', '-');
            }
        }

        return labels;
    }

    [GeneratedRegex("^([a-z]+)([0-9]+)")]
    private static partial Regex FamilyPattern();
}
