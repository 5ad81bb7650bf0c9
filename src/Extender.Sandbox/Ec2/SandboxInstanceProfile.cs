namespace Extender.Sandbox.Ec2;

/// <summary>An IAM instance profile of the sandbox account; it holds at most one role.</summary>
public sealed record SandboxInstanceProfile(string Name, string Path, IReadOnlyDictionary<string, string> Tags)
{
    public string? Role { get; init; }
}
