namespace Extender.Provisioning.Ports;

/// <summary>Whether the watch caches have listed once; never decide on an unsynced cache.</summary>
public interface ISyncStatus
{
    bool IsSynced { get; }

    /// <summary>
    /// Whether the pod cache has listed once: all that telling "deleted" from "not delivered yet" needs, so that a
    /// cache of another resource still listing (or failing to) does not keep deleted pods' room held.
    /// </summary>
    bool PodsSynced => IsSynced;
}
