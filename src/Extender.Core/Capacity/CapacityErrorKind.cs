namespace Extender.Core.Capacity;

/// <summary>The provisioner's error vocabulary: each kind has its own reaction.</summary>
public enum CapacityErrorKind
{
    /// <summary>No capacity for the offerings named in <see cref="CapacityException.UnavailableOfferings"/>: mark them unavailable, re-plan.</summary>
    InsufficientCapacity,

    /// <summary>The cloud asked us to slow down: back off and retry.</summary>
    Throttled,

    /// <summary>The thing addressed does not exist (an instance already gone, a missing launch template).</summary>
    NotFound,

    /// <summary>Our configuration is wrong (permissions, AMI, subnet): surface it, do not retry in a loop.</summary>
    Configuration,

    /// <summary>Anything else: retry with backoff.</summary>
    Transient,
}
