namespace Extender.Kubernetes.Leadership;

/// <summary>Whether this replica holds the provisioning lease: only the leader provisions; every replica serves the extender.</summary>
public interface ILeaderStatus
{
    bool IsLeader { get; }

    /// <summary>This replica's identity in the lease.</summary>
    string Identity { get; }

    /// <summary>Raised with the new value whenever <see cref="IsLeader"/> changes.</summary>
    event Action<bool>? LeadershipChanged;
}
