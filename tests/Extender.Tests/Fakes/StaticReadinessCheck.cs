using Extender.Health;

namespace Extender.Tests.Fakes;

internal sealed class StaticReadinessCheck(string name, bool ready) : IReadinessCheck
{
    public string Name => name;

    public bool IsReady { get; set; } = ready;
}
