using Extender.Diagnostics;
using Microsoft.Extensions.Options;

namespace Extender.Tests.Diagnostics;

public sealed class LaunchLogTests
{
    private static readonly DateTimeOffset Detected = new(2025, 1, 2, 3, 4, 5, 123, TimeSpan.Zero);

    [Fact]
    public void TryParse_FormattedLine_RoundTripsToTheTick()
    {
        var line = new LaunchLogLine("uid-1", "general-abc", Detected, Detected.AddTicks(1_234_567));

        Assert.True(LaunchLogLine.TryParse(line.Format(), out var parsed));
        Assert.Equal(line, parsed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("uid-1\tgeneral-abc\t2025-01-02T03:04:05.1230000+00:00")]
    [InlineData("uid-1\tgeneral-abc\t2025-01-02T03:04:05.1230000+00:00\t2025-01-02T03:0")]
    public void TryParse_PartLine_False(string text) => Assert.False(LaunchLogLine.TryParse(text, out _));

    [Fact]
    public async Task StopAsync_LaunchesQueuedBeforeStop_AllWritten()
    {
        var path = Path.Combine(Path.GetTempPath(), $"launch-log-{Guid.NewGuid():N}.tsv");
        try
        {
            using var writer = new LaunchLogWriter(Options.Create(new LaunchLogOptions { LaunchLog = path }));
            await writer.StartAsync(CancellationToken.None);
            for (var i = 0; i < 100; i++)
            {
                writer.Launched($"claim-{i % 3}", $"uid-{i}", Detected, Detected.AddMilliseconds(i));
            }

            await writer.StopAsync(CancellationToken.None);

            var lines = File.ReadAllLines(path);
            Assert.Equal(100, lines.Length);
            Assert.True(LaunchLogLine.TryParse(lines[99], out var last));
            Assert.Equal(new LaunchLogLine("uid-99", "claim-0", Detected, Detected.AddMilliseconds(99)), last);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
