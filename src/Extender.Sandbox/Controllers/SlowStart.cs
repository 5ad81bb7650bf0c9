namespace Extender.Sandbox.Controllers;

/// <summary>
/// The ReplicaSet controller's slow start (upstream <c>slowStartBatch</c>): calls run in batches of 1, 2, 4, 8, ...
/// concurrently within a batch; the first batch with a failure ends the run, so a quota or admission error costs one
/// call, not hundreds.
/// </summary>
internal static class SlowStart
{
    /// <summary>Upstream's <c>SlowStartInitialBatchSize</c>.</summary>
    public const int InitialBatchSize = 1;

    /// <returns>How many calls succeeded, and the first failure (null when all succeeded).</returns>
    public static async Task<(int Successes, Exception? Error)> RunAsync(int count, int initialBatchSize, Func<Task> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var remaining = count;
        var successes = 0;
        for (var batch = Math.Min(remaining, initialBatchSize); batch > 0; batch = Math.Min(2 * batch, remaining))
        {
            var results = await Task.WhenAll(Enumerable.Range(0, batch).Select(_ => Attempt(call)));
            var failures = results.OfType<Exception>().ToList();
            successes += batch - failures.Count;
            if (failures.Count > 0)
            {
                return (successes, failures[0]);
            }

            remaining -= batch;
        }

        return (successes, null);
    }

    private static async Task<Exception?> Attempt(Func<Task> call)
    {
        try
        {
            await call();
            return null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return e;
        }
    }
}
