namespace Extender.Kubernetes.Tests.Watching;

/// <summary>How the watches of a <see cref="ScriptedSource"/> behave.</summary>
public enum WatchBehaviour
{
    /// <summary>The watch request fails (as a refused connection or a 5xx does).</summary>
    OpenFails,

    /// <summary>The server answers 410 Gone (an ERROR event) on every watch.</summary>
    Gone,

    /// <summary>The watch opens and closes at once, with no event.</summary>
    ClosesAtOnce,

    /// <summary>The watch delivers one event, then closes at once.</summary>
    OneEventThenCloses,
}
