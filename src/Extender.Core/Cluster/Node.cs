using Extender.Core.Resources;

namespace Extender.Core.Cluster;

/// <summary>A node as the scheduling core sees it.</summary>
public sealed record Node
{
    public required string Name { get; init; }
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    public IReadOnlyList<Taint> Taints { get; init; } = [];
    public required ResourceList Allocatable { get; init; }

    /// <summary><c>spec.unschedulable</c>: the node is cordoned.</summary>
    public bool Unschedulable { get; init; }

    public bool Ready { get; init; } = true;
    public string? ProviderId { get; init; }
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary><c>metadata.deletionTimestamp</c>: deletion was requested and the node waits on its finalizers.</summary>
    public DateTimeOffset? DeletedAt { get; init; }

    public IReadOnlyList<string> Finalizers { get; init; } = [];

    /// <summary>The do-not-disrupt annotation's value, or null when the node has none.</summary>
    public string? DoNotDisrupt { get; init; }
}
