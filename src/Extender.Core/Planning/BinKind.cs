namespace Extender.Core.Planning;

/// <summary>Where a bin's capacity comes from.</summary>
internal enum BinKind
{
    Existing,
    InFlight,
    New,
}
