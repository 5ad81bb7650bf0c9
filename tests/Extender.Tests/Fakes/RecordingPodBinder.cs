using System.Collections.Concurrent;
using Extender.Endpoints.Bind;

namespace Extender.Tests.Fakes;

/// <summary>Records every binding; fails with <see cref="FailWith"/> when set, hangs until cancelled with <see cref="Hang"/>.</summary>
internal sealed class RecordingPodBinder : IPodBinder
{
    public ConcurrentQueue<PodBinding> Bindings { get; } = new();

    public string? FailWith { get; set; }

    /// <summary>When set, a bind signals <see cref="Entered"/> and then waits for cancellation.</summary>
    public bool Hang { get; set; }

    public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task BindAsync(PodBinding binding, CancellationToken cancellationToken)
    {
        Bindings.Enqueue(binding);
        if (Hang)
        {
            Entered.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        if (FailWith is { } message)
        {
            throw new InvalidOperationException(message);
        }
    }
}
