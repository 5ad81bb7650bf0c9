namespace Extender.Sandbox.Kubernetes.Patching;

/// <summary>
/// Which lists of the built-in kinds merge element by element, and on which key: the <c>patchMergeKey</c> and
/// <c>patchStrategy:"merge"</c> tags of k8s.io/api that strategic merge patch and server-side apply follow. A list not
/// named here is atomic (a patch replaces it), as for every custom resource list in our CRDs.
/// </summary>
internal static class MergeKeys
{
    // By the list's field name, and where one name means two lists, by its parent field (ports of a container vs. of a Service).
    private static readonly Dictionary<string, string> ByField = new(StringComparer.Ordinal)
    {
        ["containers"] = "name",
        ["initContainers"] = "name",
        ["ephemeralContainers"] = "name",
        ["env"] = "name",
        ["volumes"] = "name",
        ["volumeMounts"] = "mountPath",
        ["volumeDevices"] = "devicePath",
        ["imagePullSecrets"] = "name",
        ["hostAliases"] = "ip",
        ["conditions"] = "type",
        ["addresses"] = "type",
        ["taints"] = "key",
        ["ownerReferences"] = "uid",
        ["resourceClaims"] = "name",
        ["topologySpreadConstraints"] = "topologyKey",
    };

    /// <summary>Lists of strings that merge as sets (<c>finalizers</c>).</summary>
    private static readonly HashSet<string> PrimitiveSets = new(StringComparer.Ordinal) { "finalizers" };

    /// <summary>The merge key of the list <paramref name="field"/> under <paramref name="parent"/>; null when atomic.</summary>
    public static string? Of(bool builtIn, string? parent, string field)
    {
        if (!builtIn)
        {
            return null;
        }

        if (field == "ports")
        {
            return parent is "containers" or "initContainers" or "ephemeralContainers" ? "containerPort" : parent == "spec" ? "port" : null;
        }

        return ByField.TryGetValue(field, out var key) && key.Length > 0 ? key : null;
    }

    public static bool IsSet(string field) => PrimitiveSets.Contains(field);
}
