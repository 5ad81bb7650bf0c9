namespace Extender.Kubernetes.Watching;

/// <summary>A running list-then-watch loop for one resource.</summary>
internal interface IReflector
{
    string Resource { get; }

    /// <summary>True once the first full list has been delivered; stays true across re-lists.</summary>
    bool IsSynced { get; }

    /// <summary>Completes when <see cref="IsSynced"/> turns true.</summary>
    Task Synced { get; }

    Task RunAsync(CancellationToken cancellationToken);
}
