using System.Reflection;
using System.Text.Json.Nodes;
using Extender.Sandbox.Kubernetes;
using Extender.Sandbox.Kubernetes.Rbac;

namespace Extender.Sandbox.Demo;

/// <summary>
/// The extender's identity as the install ships it (<c>manifests/</c>: namespace, ServiceAccount, ClusterRole and Role
/// bindings, embedded from the files themselves), applied to a sandbox so that a sidecar run against it authenticates
/// as <c>ec2-capacity-system/ec2-capacity-extender</c> and may do exactly what those grant: a permission the manifests
/// lack fails in the demo as it would in a cluster.
/// </summary>
public static class ShippedIdentity
{
    public const string Namespace = "ec2-capacity-system";
    public const string ServiceAccount = "ec2-capacity-extender";

    private const string Prefix = "Extender.Sandbox.Manifests.";

    /// <summary>Applies the shipped identity objects as the cluster admin; returns a token for the ServiceAccount.</summary>
    public static string Install(SandboxApiServer api)
    {
        ArgumentNullException.ThrowIfNull(api);
        foreach (var obj in Objects())
        {
            api.Upsert(obj);
        }

        return api.IssueToken(UserInfo.ServiceAccount(Namespace, ServiceAccount));
    }

    /// <summary>The shipped identity objects (namespace, ServiceAccount, RBAC), in the order they are applied.</summary>
    internal static IEnumerable<JsonObject> Objects()
    {
        var assembly = typeof(ShippedIdentity).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .SelectMany(name => Read(assembly, name));
    }

    private static List<JsonObject> Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return YamlJson.ParseAll(reader.ReadToEnd()).OfType<JsonObject>().ToList();
    }
}
