namespace Extender.Endpoints.Filter;

/// <summary>The filter's answer for one requested node; a null <see cref="Reason"/> means the node passes.</summary>
internal readonly record struct NodeVerdict(string? Reason, bool Unresolvable)
{
    public static NodeVerdict Pass { get; } = new(null, false);

    public bool Passes => Reason is null;
}
