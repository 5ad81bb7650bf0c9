namespace Extender.Core.Interruption;

/// <summary>A queue body parsed: the message, or why it could not be (bad JSON, an envelope or kind not handled).</summary>
public sealed record ParsedMessage(InterruptionMessage? Message, string? Problem)
{
    public static ParsedMessage Unparseable(string problem) => new(null, problem);
}
