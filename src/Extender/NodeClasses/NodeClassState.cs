using Extender.Aws.NodeClasses;

namespace Extender.NodeClasses;

/// <summary>
/// What the provisioner knows of one EC2NodeClass: its resolution for the spec of <see cref="Generation"/>, or that
/// the class does not exist (<see cref="Status"/> null).
/// </summary>
internal sealed record NodeClassState(string Name, long Generation, Ec2NodeClassStatus? Status)
{
    public bool IsReady => Status is { IsReady: true };

    /// <summary>Why NodePools of this class cannot launch, or null when they can.</summary>
    public string? Problem => Status switch
    {
        null => $"EC2NodeClass '{Name}' does not exist",
        { IsReady: true } => null,
        _ => $"EC2NodeClass '{Name}' is not ready: {Status.NotReadyReason}",
    };
}
