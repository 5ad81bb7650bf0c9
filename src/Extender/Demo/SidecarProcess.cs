using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using Extender.Diagnostics;
using Extender.Hosting;
using Extender.Sandbox.Demo;

namespace Extender.Demo;

/// <summary>
/// The sidecar as a child process (<c>extender run</c> of this same build), configured as the in-process demo
/// configures it but through <c>EXTENDER__SECTION__KEY</c> environment variables, so that its CPU time and memory are
/// its own and not the sandbox's, with the runtime settings (GC mode) the shipped Deployment gives it. Per-pod launch
/// times come back through its launch log (<c>Diagnostics:LaunchLog</c>).
/// </summary>
internal sealed class SidecarProcess : IAsyncDisposable
{
    private static readonly TimeSpan SampleInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);
    private const double Megabyte = 1024 * 1024;

    private readonly Process _process;
    private readonly Task _output;
    private readonly Timer _sampler;
    private readonly Lock _lock = new();
    private long _peakWorkingSet;
    private TimeSpan? _workloadStart;
    private SidecarUsage? _final;

    private SidecarProcess(Process process, Task output, Uri url, Uri probesUrl, string logPath, string launchLogPath)
    {
        _process = process;
        _output = output;
        Url = url;
        ProbesUrl = probesUrl;
        LogPath = logPath;
        LaunchLogPath = launchLogPath;
        _sampler = new Timer(_ => Sample(), null, TimeSpan.Zero, SampleInterval);
    }

    /// <summary>The extender verbs' listener (under <c>/scheduler</c>).</summary>
    public Uri Url { get; }

    /// <summary>The probes listener: <c>/healthz</c>, <c>/readyz</c>, <c>/metrics</c>.</summary>
    public Uri ProbesUrl { get; }

    public int Pid => _process.Id;

    /// <summary>The child's standard output and error (its log lines).</summary>
    public string LogPath { get; }

    public string LaunchLogPath { get; }

    /// <param name="settings">Configuration keys (<c>Section:Key</c>), passed as <c>EXTENDER__SECTION__KEY</c>.</param>
    /// <param name="port">The sidecar's port; 0 picks a free one.</param>
    /// <param name="executable">The published <c>extender</c> to run; null: this process's own executable.</param>
    /// <param name="cancellationToken">Ends the wait for readiness.</param>
    /// <param name="environment">
    /// Other variables for the child, as a container's env sets them (a GC heap limit, say), on top of the runtime
    /// variables the shipped Deployment sets (<see cref="ShippedProcessEnvironment"/>).
    /// </param>
    public static async Task<SidecarProcess> StartAsync(
        IReadOnlyDictionary<string, string?> settings, int port, string? executable, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        port = port == 0 ? FreePort() : port;
        var probesPort = FreePort();
        var stem = Path.Combine(Path.GetTempPath(), $"extender-demo-sidecar-{Environment.ProcessId}");
        var launchLog = stem + ".launches.tsv";
        var logPath = stem + ".log";
        File.Delete(launchLog);

        var start = new ProcessStartInfo(executable ?? Environment.ProcessPath!) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        // Under `dotnet extender.dll` the host is dotnet itself; the app is then the entry assembly.
        if (executable is null && Path.GetFileNameWithoutExtension(start.FileName) == "dotnet")
        {
            start.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        }

        start.ArgumentList.Add("run");
        var all = new Dictionary<string, string?>(settings, StringComparer.Ordinal)
        {
            ["Http:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Http:Probes:Address"] = "127.0.0.1",
            ["Http:Probes:Port"] = probesPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [$"{LaunchLogOptions.Section}:{nameof(LaunchLogOptions.LaunchLog)}"] = launchLog,
        };
        foreach (var (key, value) in ShippedProcessEnvironment.Current.Concat(environment ?? new Dictionary<string, string>()))
        {
            start.Environment[key] = value;
        }

        foreach (var (key, value) in all)
        {
            start.Environment[ExtenderHost.EnvironmentPrefix + key.Replace(":", "__", StringComparison.Ordinal).ToUpperInvariant()] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {start.FileName}");
        var log = new StreamWriter(logPath, append: false) { AutoFlush = true };
        var output = Task.WhenAll(CopyAsync(process.StandardOutput, log), CopyAsync(process.StandardError, log))
            .ContinueWith(_ => log.Dispose(), TaskScheduler.Default);
        var sidecar = new SidecarProcess(process, output, new Uri($"http://127.0.0.1:{port}/"), new Uri($"http://127.0.0.1:{probesPort}/"), logPath, launchLog);
        try
        {
            await sidecar.WaitReadyAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await sidecar.DisposeAsync();
            throw new SidecarProcessException($"the sidecar process was not ready within {StartTimeout.TotalSeconds:0} s; its log: {logPath}");
        }
        catch
        {
            await sidecar.DisposeAsync();
            throw;
        }

        return sidecar;
    }

    /// <summary>The workload starts now: CPU time from here on is the run's, before it the start-up's.</summary>
    public void MarkWorkloadStart()
    {
        _process.Refresh();
        _workloadStart = _process.TotalProcessorTime;
    }

    /// <summary>Stops the sampler and reads the figures; call while the process still runs (before <see cref="StopAsync"/>).</summary>
    public SidecarUsage Finish()
    {
        _sampler.Dispose();
        Sample();
        lock (_lock)
        {
            _process.Refresh();
            var cpu = _process.TotalProcessorTime;
            var startup = _workloadStart ?? cpu;
            // The kernel's high-water mark (VmHWM) also catches a peak between two samples.
            var peak = Math.Max(_peakWorkingSet, _process.PeakWorkingSet64);
            _final = new SidecarUsage(
                Math.Round((cpu - startup).TotalSeconds, 2),
                Math.Round(startup.TotalSeconds, 2),
                Math.Round(peak / Megabyte, 1),
                Math.Round(_process.WorkingSet64 / Megabyte, 1));
            return _final;
        }
    }

    /// <summary>Stops the child as Kubernetes would (SIGTERM, then a kill after the grace period) and waits for its log.</summary>
    public async Task StopAsync()
    {
        await _sampler.DisposeAsync();
        if (!_process.HasExited)
        {
            Terminate();
            using var grace = new CancellationTokenSource(StopTimeout);
            try
            {
                await _process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync(CancellationToken.None);
            }
        }

        await _output;
    }

    /// <summary>Every pod's launch as the child logged it, in order (the last claim of a pod is its last line's).</summary>
    public IEnumerable<LaunchLogLine> ReadLaunches()
    {
        if (!File.Exists(LaunchLogPath))
        {
            yield break;
        }

        foreach (var line in File.ReadLines(LaunchLogPath))
        {
            if (LaunchLogLine.TryParse(line, out var parsed))
            {
                yield return parsed;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
        File.Delete(LaunchLogPath);
    }

    private async Task WaitReadyAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(StartTimeout);
        while (true)
        {
            if (_process.HasExited)
            {
                await _output;
                throw new SidecarProcessException($"the sidecar process exited with code {_process.ExitCode} before it was ready; its log: {LogPath}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(ProbesUrl, "readyz"), limit.Token);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!limit.IsCancellationRequested)
            {
                // One slow answer while it starts; ask again.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), limit.Token);
        }
    }

    private void Sample()
    {
        lock (_lock)
        {
            if (_final is not null || _process.HasExited)
            {
                return;
            }

            _process.Refresh();
            _peakWorkingSet = Math.Max(_peakWorkingSet, _process.WorkingSet64);
        }
    }

    private void Terminate()
    {
        if (OperatingSystem.IsWindows())
        {
            _process.Kill(entireProcessTree: true);
            return;
        }

        // .NET can only SIGKILL; a SIGTERM lets the sidecar stop as it does in a pod and flush its launch log.
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false });
        kill?.WaitForExit();
    }

    private static async Task CopyAsync(StreamReader from, StreamWriter to)
    {
        while (await from.ReadLineAsync() is { } line)
        {
            lock (to)
            {
                to.WriteLine(line);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
