namespace Extender.Health;

/// <summary>
/// One precondition for serving the scheduler (a cache synced, the catalog loaded). <c>/readyz</c> answers 200 only
/// when every registered check is ready. Checks are read on every probe: keep them to a flag read.
/// </summary>
internal interface IReadinessCheck
{
    /// <summary>Short stable name shown by <c>/readyz</c> while the check is not ready.</summary>
    string Name { get; }

    bool IsReady { get; }
}
