namespace Extender.Sandbox.Kubernetes;

/// <summary>
/// An injected failure: the next <see cref="Times"/> requests matching it get <see cref="StatusCode"/>, or, with
/// <see cref="Reset"/>, a reset stream instead of an answer, as a dropped connection or a restarted server gives.
/// </summary>
/// <param name="Method">HTTP method to match, or null for any.</param>
/// <param name="PathContains">A substring of the request path to match (e.g. <c>/pods</c>), or empty for any.</param>
/// <param name="StatusCode">The HTTP status to answer with, e.g. 429, 500, 503.</param>
/// <param name="Times">How many matching requests fail.</param>
public sealed record Fault(string? Method, string PathContains, int StatusCode, int Times = 1)
{
    /// <summary>Reset the request instead of answering it; <see cref="StatusCode"/> is then not used.</summary>
    public FaultReset Reset { get; init; }

    /// <summary>With status code 0 and no reset: the request is served normally, this much later.</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>
    /// With <see cref="FaultReset.AfterHandling"/>: awaited once the request is applied and before the reset, so that a
    /// test can act at that exact point (kill the caller) while the caller still waits for its answer.
    /// </summary>
    public Func<Task>? Held { get; init; }
}

/// <summary>When an injected reset happens, which decides whether the server applied the request.</summary>
public enum FaultReset
{
    /// <summary>Answer with the fault's status code.</summary>
    None,

    /// <summary>Reset before the request is read: nothing was applied.</summary>
    BeforeHandling,

    /// <summary>Apply the request, then reset instead of answering: the client cannot know it succeeded.</summary>
    AfterHandling,
}
