using Extender.Core.Interruption;

namespace Extender.TestKit.Fakes.Capacity;

/// <summary>Answers the status check with whatever the test set in <see cref="Impaired"/>; a set <see cref="Failure"/> is thrown instead.</summary>
public sealed class FakeInstanceStatusSource : IInstanceStatusSource
{
    private volatile int _checks;

    public IReadOnlyList<ImpairedInstance> Impaired { get; set; } = [];

    public Exception? Failure { get; set; }

    /// <summary>How many checks were asked for.</summary>
    public int Checks => _checks;

    public Task<IReadOnlyList<ImpairedInstance>> ListImpairedAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _checks);
        return Failure is { } failure ? Task.FromException<IReadOnlyList<ImpairedInstance>>(failure) : Task.FromResult(Impaired);
    }
}
