using System.Reflection;

namespace Extender.Tests.Architecture;

/// <summary>
/// The architecture's dependency rule: Core references nothing of ours and no package; adapters reference Core
/// and their SDK, never each other (the sandbox may use the Kubernetes mappers); the executable references all.
/// </summary>
public sealed class DependencyRuleTests
{
    private static readonly string[] Ours = ["Extender.Core", "Extender.Kubernetes", "Extender.Aws", "Extender.Sandbox", "extender"];

    [Theory]
    [InlineData("Extender.Core", new string[0])]
    [InlineData("Extender.Kubernetes", new[] { "Extender.Core" })]
    [InlineData("Extender.Aws", new[] { "Extender.Core" })]
    [InlineData("Extender.Sandbox", new[] { "Extender.Core", "Extender.Kubernetes" })]
    public void References_OfAssembly_StayWithinTheRule(string assembly, string[] allowed)
    {
        var references = Assembly.Load(assembly).GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.DoesNotContain(references, r => Ours.Contains(r) && !allowed.Contains(r));
    }

    [Fact]
    public void References_OfCore_AreOnlyTheFramework()
    {
        var references = Assembly.Load("Extender.Core").GetReferencedAssemblies().Select(a => a.Name!);

        Assert.All(references, r => Assert.True(r.StartsWith("System", StringComparison.Ordinal) || r == "netstandard", $"Core references {r}"));
    }
}
