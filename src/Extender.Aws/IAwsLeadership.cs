namespace Extender.Aws;

/// <summary>
/// Whether this replica leads provisioning. Loops that change the cluster's shared cloud resources (deleting launch
/// templates) run only on the leader: a standby does not know which templates the leader is using.
/// </summary>
public interface IAwsLeadership
{
    bool IsLeader { get; }
}
