namespace Extender.Kubernetes.Tests.Leadership;

/// <summary>
/// Lets requests through until told to stall; then every request whose path contains the given text hangs until it
/// is cancelled, as a call to an API server that stopped answering does.
/// </summary>
internal sealed class StallingHandler(string pathContains) : DelegatingHandler
{
    private volatile bool _stalling;
    private int _stalled;
    private int _cancelled;

    /// <summary>Requests that have hung so far.</summary>
    public int Stalled => Volatile.Read(ref _stalled);

    /// <summary>Hung requests that their caller gave up on.</summary>
    public int Cancelled => Volatile.Read(ref _cancelled);

    public void Stall() => _stalling = true;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (_stalling && request.RequestUri?.AbsolutePath.Contains(pathContains, StringComparison.Ordinal) == true)
        {
            Interlocked.Increment(ref _stalled);
            try
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            }
            finally
            {
                Interlocked.Increment(ref _cancelled);
            }
        }

        return await base.SendAsync(request, cancellationToken);
    }
}
