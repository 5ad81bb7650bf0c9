using System.ComponentModel.DataAnnotations;

namespace Extender.Disruption.Deciding;

/// <summary>The disruption loop (section <c>Disruption</c>).</summary>
internal sealed class DisruptionOptions
{
    public const string Section = "Disruption";

    /// <summary>How often the leader looks for empty, expired and drifted nodes.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often while nodes are being disrupted: a budget they hold frees up as soon as they are gone.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan BusyInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How old the instances' image, subnet and security groups may be when drift is judged (one DescribeInstances per refresh).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan InstanceRefresh { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How many budgets' worth of the drifted nodes a budget holds back get their replacements reserved ahead (beyond
    /// Karpenter), so that the next wave's room is Ready when the budget frees up; 0: a wave's room is bought when it is decided.
    /// </summary>
    [Range(0, 10)]
    public int PreSpinWaves { get; set; } = 1;

    /// <summary>How often the leader looks for underused nodes to consolidate (a pass over a large fleet plans many moves).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan ConsolidationInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Dollars per hour a consolidation must save per unit of disruption (about one per pod moved); 0: any saving, as
    /// Karpenter. The default is what <c>simulate</c> measured over a diurnal day: the same cost as taking every saving
    /// with a third of the evictions.
    /// </summary>
    [Range(typeof(decimal), "0", "1000")]
    public decimal ConsolidationSavingsPerDisruption { get; set; } = Core.Consolidation.ConsolidationOptions.DefaultSavingsPerDisruption;

    /// <summary>Whether a spot node may be replaced by cheaper spot capacity (only from 15 cheaper types or more).</summary>
    public bool SpotToSpotConsolidation { get; set; } = true;

    /// <summary>How long the instance read may take.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
