using Extender.Demo.Phases;

namespace Extender.Tests.Demo;

public sealed class DemoPhasesOptionTests
{
    [Theory]
    [InlineData("headroom,scale-in,interruption", (int)DemoPhases.All)]
    [InlineData("interruption, scale-in, headroom", (int)DemoPhases.All)]
    [InlineData("scale-in,interruption", (int)(DemoPhases.ScaleIn | DemoPhases.Interruption))]
    [InlineData("headroom", (int)DemoPhases.Headroom)]
    [InlineData("scale-in", (int)DemoPhases.ScaleIn)]
    [InlineData("interruption", (int)DemoPhases.Interruption)]
    [InlineData("none", (int)DemoPhases.None)]
    public void TryParse_Names_ReadsThePhases(string text, int expected)
    {
        Assert.True(DemoPhasesOption.TryParse(text, out var phases));
        Assert.Equal((DemoPhases)expected, phases);
    }

    [Theory]
    [InlineData("")]
    [InlineData("scale-out")]
    [InlineData("none,scale-in")]
    [InlineData("scale-in,")]
    public void TryParse_Other_IsRefused(string text) => Assert.False(DemoPhasesOption.TryParse(text, out _));
}
