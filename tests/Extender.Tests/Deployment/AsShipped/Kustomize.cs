using System.Diagnostics;

namespace Extender.Tests.Deployment.AsShipped;

/// <summary>Builds a kustomization with <c>kubectl kustomize</c>, exactly what <c>kubectl apply -k</c> would send.</summary>
internal static class Kustomize
{
    /// <summary>kubectl on this machine (/usr/bin/kubectl, else the first on PATH); null when there is none.</summary>
    public static string? Kubectl { get; } = Find();

    public static string Build(string directory)
    {
        var kubectl = Kubectl ?? throw new InvalidOperationException("kubectl is not installed");
        using var process = Process.Start(new ProcessStartInfo(kubectl, ["kustomize", directory])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(1)))
        {
            process.Kill();
            throw new TimeoutException($"kubectl kustomize {directory} did not finish within a minute");
        }

        return process.ExitCode == 0
            ? output.GetAwaiter().GetResult()
            : throw new InvalidOperationException($"kubectl kustomize {directory} failed ({process.ExitCode}): {error.GetAwaiter().GetResult()}");
    }

    private static string? Find()
    {
        const string Default = "/usr/bin/kubectl";
        if (File.Exists(Default))
        {
            return Default;
        }

        return (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "kubectl"))
            .FirstOrDefault(File.Exists);
    }
}
