using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;

namespace Extender.Commands;

/// <summary>
/// What a command says when starting fails for a reason the user can fix: one line with the fix, never a stack trace.
/// Bad configuration is bad input (exit 2); a busy port, an unreachable API or missing credentials are operational
/// failures (exit 1). Anything not listed here is a bug and keeps its stack trace.
/// </summary>
internal static class OperationalFailures
{
    /// <summary>Exit code for an operational failure (port in use, cluster unreachable, no credentials).</summary>
    public const int Failed = 1;

    public static (string Line, int ExitCode)? Describe(Exception exception, string portOption) => exception switch
    {
        OptionsValidationException e => ($"configuration: {e.Message}", Cli.BadInput),
        // Configuration binding names the key and the CLR type; the key maps to EXTENDER__A__B.
        InvalidOperationException e when e.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal) =>
            ($"configuration: {e.Message.Replace("System.", "", StringComparison.Ordinal)} (set as EXTENDER__SECTION__KEY or in appsettings.json)", Cli.BadInput),
        IOException { InnerException: AddressInUseException } e =>
            ($"{FirstSentence(e.Message)}; another process is listening there: choose another port with {portOption}", Failed),
        k8s.Exceptions.KubeConfigException e =>
            ($"no cluster credentials: {e.Message}; pass --kubeconfig, set KUBECONFIG, or run in a pod with a ServiceAccount", Failed),
        HttpRequestException { InnerException: SocketException } e =>
            ($"cannot reach the Kubernetes API: {e.Message}; check the kubeconfig's server address and the network", Failed),
        AggregateException { InnerExceptions.Count: 1 } e => Describe(e.InnerExceptions[0], portOption),
        _ => null,
    };

    private static string FirstSentence(string message) => message.Split(": address already in use", 2)[0].TrimEnd('.');
}
