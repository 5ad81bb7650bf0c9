using System.Net;
using k8s.Autorest;

namespace Extender.Kubernetes.Writes;

/// <summary>
/// Runs a read-modify-write again when the server answers 409 Conflict (someone else wrote first): each attempt
/// reads fresh state, so no one's change is lost. Gives up after a few attempts, like client-go's RetryOnConflict.
/// </summary>
internal static class ConflictRetry
{
    public const int MaxAttempts = 5;

    public static async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> attempt, TimeProvider time, CancellationToken cancellationToken)
    {
        for (var tries = 1; ; tries++)
        {
            try
            {
                return await attempt(cancellationToken);
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict && tries < MaxAttempts)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(10 * tries), time, cancellationToken);
            }
        }
    }
}
