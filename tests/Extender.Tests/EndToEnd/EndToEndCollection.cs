namespace Extender.Tests.EndToEnd;

/// <summary>
/// The end-to-end runs start whole systems; they run alone, after the other tests, so that they neither compete with
/// each other nor slow the timing-sensitive sandbox tests down on a two-core machine.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EndToEndCollection
{
    public const string Name = "end-to-end";
}
