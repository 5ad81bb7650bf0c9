namespace Extender.Aws;

/// <summary>
/// The default when no leader election is wired (the adapter on its own, tools, tests): one process, always leading.
/// The sidecar registers its lease-backed <see cref="IAwsLeadership"/> before <c>AddAwsCapacity</c>.
/// </summary>
internal sealed class SingleReplicaLeadership : IAwsLeadership
{
    public bool IsLeader => true;
}
