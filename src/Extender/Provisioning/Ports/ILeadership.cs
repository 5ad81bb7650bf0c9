namespace Extender.Provisioning.Ports;

/// <summary>Whether this replica may spend money: only the leader provisions and runs the lifecycle loops.</summary>
public interface ILeadership
{
    bool IsLeader { get; }
}
