using System.Text.Json.Nodes;

namespace Extender.Sandbox.Demo;

/// <summary>
/// Pods created together <see cref="At"/> after the start: <see cref="Count"/> copies of <see cref="Template"/>
/// named <c>&lt;name&gt;-&lt;n&gt;</c>, or the given Pod manifests. A wave without a name in the scenario file is
/// called <c>wave-&lt;position&gt;</c> (counting from 1).
/// </summary>
public sealed record Wave
{
    public string Name { get; init; } = "";
    public TimeSpan At { get; init; }
    public int Count { get; init; } = 1;
    public string Namespace { get; init; } = "default";
    public PodTemplate? Template { get; init; }
    public IReadOnlyList<JsonObject>? Pods { get; init; }
}
