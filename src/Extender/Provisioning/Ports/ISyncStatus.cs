namespace Extender.Provisioning.Ports;

/// <summary>Whether the watch caches have listed once; never decide on an unsynced cache.</summary>
public interface ISyncStatus
{
    bool IsSynced { get; }
}
