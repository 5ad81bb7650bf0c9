namespace Extender.Core.Headroom;

/// <summary>How many replicas of its template a buffer holds now, or why it holds none.</summary>
/// <param name="Replicas">The replicas to hold (0 when <paramref name="Problem"/> is set or the window is closed).</param>
/// <param name="Problem">Why the buffer is not ready for provisioning (upstream's <c>ReadyForProvisioning=False</c> message).</param>
/// <param name="WindowClosed">The buffer has a schedule and its window is not open now.</param>
public sealed record BufferSize(int Replicas, string? Problem, bool WindowClosed)
{
    public static BufferSize Failed(string problem) => new(0, problem, false);
}
