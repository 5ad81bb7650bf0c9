namespace Extender.Core.Cluster;

/// <summary>A node taint. <paramref name="Effect"/> is NoSchedule, PreferNoSchedule or NoExecute.</summary>
public sealed record Taint(string Key, string Value, string Effect)
{
    public override string ToString() => $"{{{Key}: {Value}}}";
}
