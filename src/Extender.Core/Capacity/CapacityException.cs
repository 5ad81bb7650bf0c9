namespace Extender.Core.Capacity;

/// <summary>A classified failure from a capacity provider.</summary>
public sealed class CapacityException : Exception
{
    public CapacityException(CapacityErrorKind kind, string message, IReadOnlyList<UnavailableOffering>? unavailable = null, Exception? inner = null)
        : base(message, inner)
    {
        Kind = kind;
        UnavailableOfferings = unavailable ?? [];
    }

    public CapacityErrorKind Kind { get; }

    public IReadOnlyList<UnavailableOffering> UnavailableOfferings { get; }
}
