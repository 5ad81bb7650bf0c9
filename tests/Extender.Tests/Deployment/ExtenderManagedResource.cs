namespace Extender.Tests.Deployment;

/// <summary>Mirror of upstream <c>ExtenderManagedResource</c>.</summary>
public sealed class ExtenderManagedResource
{
    public string? Name { get; set; }
    public bool? IgnoredByScheduler { get; set; }
}
