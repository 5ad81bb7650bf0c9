namespace Extender.Provisioning.Launching;

/// <summary>Every call to Kubernetes or the cloud gets a deadline as well as the caller's cancellation.</summary>
internal static class CallLimit
{
    public static CancellationTokenSource Start(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        source.CancelAfter(timeout);
        return source;
    }
}
