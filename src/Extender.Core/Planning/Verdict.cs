namespace Extender.Core.Planning;

/// <summary>Whether a bin can take a pod now, never again (for pods of this group), or maybe later.</summary>
internal enum Verdict
{
    Fits,
    NeverFits,
    NotNow,
}
