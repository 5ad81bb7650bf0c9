namespace Extender.Core.Planning;

/// <summary>The node class (for example an EC2NodeClass) a NodePool's nodes are launched with.</summary>
public sealed record NodeClassReference(string Group, string Kind, string Name);
