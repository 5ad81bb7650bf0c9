namespace Extender.Core.Interruption;

/// <summary>
/// The cloud's health checks of running instances (EC2's <c>DescribeInstanceStatus</c>): an instance can fail its
/// status checks without any event on the interruption queue, and its node then hangs NotReady until someone looks.
/// </summary>
public interface IInstanceStatusSource
{
    /// <summary>The running instances whose instance or system status check reports them impaired now.</summary>
    Task<IReadOnlyList<ImpairedInstance>> ListImpairedAsync(CancellationToken cancellationToken);
}

/// <summary>One impaired instance; <paramref name="Check"/> names the failing check (<c>instance</c>, <c>system</c>, or both).</summary>
public sealed record ImpairedInstance(string InstanceId, string Check);
