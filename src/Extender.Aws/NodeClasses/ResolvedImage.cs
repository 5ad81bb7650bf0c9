namespace Extender.Aws.NodeClasses;

/// <summary>The newest AMI selected for one Kubernetes architecture (<c>amd64</c> or <c>arm64</c>).</summary>
public sealed record ResolvedImage(string Id, string Name, string Architecture, string CreationDate);
