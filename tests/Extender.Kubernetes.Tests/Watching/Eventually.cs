namespace Extender.Kubernetes.Tests.Watching;

/// <summary>
/// Waits for a condition that another thread (a watch over real HTTP) makes true. The ceiling only stops a broken
/// test from hanging; nothing is asserted about how long it took.
/// </summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, string what)
    {
        using var ceiling = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            try
            {
                await Task.Delay(5, ceiling.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"never happened: {what}");
            }
        }
    }
}
