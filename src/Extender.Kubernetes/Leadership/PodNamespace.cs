namespace Extender.Kubernetes.Leadership;

/// <summary>
/// The namespace this pod runs in, found as client-go's in-cluster configuration finds it: <c>POD_NAMESPACE</c> (set
/// from the downward API by the Deployment), else the namespace file the kubelet mounts with the service account
/// token, else <c>default</c>. The lease Role exists only in the install's own namespace, so guessing another one
/// means no replica ever leads.
/// </summary>
public sealed class PodNamespace(Func<string, string?> environment, string serviceAccountNamespaceFile)
{
    public const string EnvironmentVariable = "POD_NAMESPACE";

    public const string DefaultServiceAccountNamespaceFile = "/var/run/secrets/kubernetes.io/serviceaccount/namespace";

    /// <summary>client-go's last resort when neither the variable nor the file names a namespace.</summary>
    public const string Fallback = "default";

    /// <summary>The process environment and the kubelet's mount path.</summary>
    public PodNamespace()
        : this(Environment.GetEnvironmentVariable, DefaultServiceAccountNamespaceFile)
    {
    }

    public string Resolve()
    {
        if (environment(EnvironmentVariable) is { Length: > 0 } fromVariable)
        {
            return fromVariable;
        }

        return ReadFile() is { Length: > 0 } fromFile ? fromFile : Fallback;
    }

    private string? ReadFile()
    {
        try
        {
            return File.Exists(serviceAccountNamespaceFile) ? File.ReadAllText(serviceAccountNamespaceFile).Trim() : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // An unreadable mount is treated as no mount, as client-go does.
            return null;
        }
    }
}
