using System.Diagnostics;
using Extender.Tests.Deployment.AsShipped;

namespace Extender.Tests.Sandbox;

/// <summary>
/// The real kubectl pointed at one sandbox through its own kubeconfig and discovery cache (nothing of the user's
/// ~/.kube is read): each command runs to completion with a one-minute bound, its output kept for the test to check.
/// </summary>
internal sealed class KubectlSession : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(1);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"kubectl-session-{Guid.NewGuid():N}");

    public KubectlSession(Extender.Sandbox.Kubernetes.SandboxApiServer api)
    {
        Directory.CreateDirectory(_directory);
        Kubeconfig = Path.Combine(_directory, "kubeconfig");
        api.WriteKubeconfig(Kubeconfig);
    }

    public string Kubeconfig { get; }

    /// <summary>Every command so far with its exit code, for a failure message that shows the whole session.</summary>
    public List<string> Transcript { get; } = [];

    public string File(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        System.IO.File.WriteAllText(path, content);
        return path;
    }

    /// <summary>Runs kubectl and returns its standard output; a non-zero exit fails with the command and its stderr.</summary>
    public string Run(params string[] args)
    {
        var (code, output, error) = Start(args).Finish();
        Transcript.Add($"$ kubectl {string.Join(' ', args)} -> {code}");
        return code == 0 ? output : throw new InvalidOperationException($"kubectl {string.Join(' ', args)} exited {code}: {error}{output}");
    }

    /// <summary>Runs a command that must fail; returns its standard error.</summary>
    public string RunFailing(params string[] args)
    {
        var (code, output, error) = Start(args).Finish();
        Transcript.Add($"$ kubectl {string.Join(' ', args)} -> {code}");
        return code != 0 ? error : throw new InvalidOperationException($"kubectl {string.Join(' ', args)} succeeded, expected a refusal: {output}");
    }

    /// <summary>Starts kubectl without waiting, for <c>get -w</c>.</summary>
    public Running Start(params string[] args)
    {
        var info = new ProcessStartInfo(Kustomize.Kubectl!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])["--kubeconfig", Kubeconfig, "--cache-dir", Path.Combine(_directory, "cache"), .. args])
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["HOME"] = _directory;
        return new Running(Process.Start(info)!);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>A kubectl process whose output is collected as it comes.</summary>
    internal sealed class Running
    {
        private readonly Process _process;
        private readonly System.Text.StringBuilder _output = new();
        private readonly Task _reading;
        private readonly Task<string> _error;

        public Running(Process process)
        {
            _process = process;
            _error = process.StandardError.ReadToEndAsync();
            _reading = Task.Run(async () =>
            {
                while (await process.StandardOutput.ReadLineAsync() is { } line)
                {
                    lock (_output)
                    {
                        _output.AppendLine(line);
                    }
                }
            });
        }

        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        public (int Code, string Output, string Error) Finish()
        {
            if (!_process.WaitForExit(Bound))
            {
                _process.Kill();
                throw new TimeoutException($"kubectl did not finish within {Bound}: {Output}");
            }

            _reading.Wait(Bound);
            var result = (_process.ExitCode, Output, _error.Result);
            _process.Dispose();
            return result;
        }
    }
}
