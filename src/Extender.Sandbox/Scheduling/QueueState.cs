namespace Extender.Sandbox.Scheduling;

internal enum QueueState
{
    /// <summary>Ready to be taken by the next cycle.</summary>
    Active,

    /// <summary>Waiting out its backoff after a failed attempt.</summary>
    Backoff,

    /// <summary>In a scheduling cycle or its binding cycle.</summary>
    InFlight,
}
