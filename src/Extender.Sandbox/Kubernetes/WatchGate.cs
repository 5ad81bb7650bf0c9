namespace Extender.Sandbox.Kubernetes;

/// <summary>Lets a test hold new watch requests at the door, to change the store while a client is disconnected.</summary>
internal sealed class WatchGate
{
    private readonly Lock _gate = new();
    private TaskCompletionSource? _held;
    private int _waiting;

    public void Hold()
    {
        lock (_gate)
        {
            _held ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public void Release()
    {
        lock (_gate)
        {
            _held?.TrySetResult();
            _held = null;
        }
    }

    /// <summary>How many watch requests are being held now.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    public async Task PassAsync(CancellationToken cancellationToken)
    {
        Task? held;
        lock (_gate)
        {
            held = _held?.Task;
        }

        if (held is not null)
        {
            Interlocked.Increment(ref _waiting);
            try
            {
                await held.WaitAsync(cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref _waiting);
            }
        }
    }
}
