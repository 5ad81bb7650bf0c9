namespace Extender.Aws.NodeClasses;

/// <summary>
/// One selector term of an EC2NodeClass (subnets, security groups or AMIs). Fields inside a term are ANDed, terms are
/// ORed. A tag value of <c>*</c> matches any value of that key. <see cref="Name"/> applies to security groups and AMIs,
/// <see cref="Owner"/> and <see cref="Alias"/> (<c>al2023@latest</c>, see <see cref="Images.AmiAlias"/>) to AMIs only.
/// </summary>
public sealed record SelectorTerm
{
    public string? Id { get; init; }
    public string? Name { get; init; }
    public string? Owner { get; init; }
    public string? Alias { get; init; }
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();
}
