namespace Extender.Core.Scheduling.Requirements;

/// <summary>Node selector operators, spelled as the Kubernetes API spells them.</summary>
public static class Operators
{
    public const string In = "In";
    public const string NotIn = "NotIn";
    public const string Exists = "Exists";
    public const string DoesNotExist = "DoesNotExist";
    public const string Gt = "Gt";
    public const string Lt = "Lt";
}
