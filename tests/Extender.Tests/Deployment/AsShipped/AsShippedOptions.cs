using Extender.Sandbox.Sqs;

namespace Extender.Tests.Deployment.AsShipped;

/// <summary>What an install adds to the shipped manifests as the README says, and how the replicas' machines differ.</summary>
internal sealed record AsShippedOptions
{
    /// <summary>
    /// Each replica's clock by its start number (0, 1, ..., then its replacements), as a node's clock can differ from
    /// the others'; the system clock when null.
    /// </summary>
    public Func<int, TimeProvider>? Clocks { get; init; }

    /// <summary>
    /// The interruption queue of <c>manifests/aws/interruption.cloudformation.yaml</c>: its name goes into the
    /// container's env (<c>EXTENDER__INTERRUPTION__QUEUENAME</c>) as the README's spot-interruption section says.
    /// </summary>
    public (SandboxSqsServer Server, string Name)? InterruptionQueue { get; init; }
}
