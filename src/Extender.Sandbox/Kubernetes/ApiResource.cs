using System.Text.Json.Nodes;

namespace Extender.Sandbox.Kubernetes;

/// <summary>One resource type the sandbox API server serves, with what discovery says about it.</summary>
internal sealed record ApiResource(string Group, string Version, string Plural, string Kind, bool Namespaced, bool HasStatus)
{
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    public string Id => $"{ApiVersion}/{Plural}";

    public string Singular => Kind.ToLowerInvariant();

    /// <summary>The group-qualified name RBAC messages and errors use: <c>pods</c>, <c>deployments.apps</c>.</summary>
    public string Qualified => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    /// <summary>What <c>kubectl get</c> accepts besides the plural and singular (<c>po</c>, <c>deploy</c>).</summary>
    public IReadOnlyList<string> ShortNames { get; init; } = [];

    /// <summary>The groups <c>kubectl get CATEGORY</c> expands to (<c>all</c>).</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>The verbs discovery lists; the review resources of authorization.k8s.io only take <c>create</c>.</summary>
    public IReadOnlyList<string> Verbs { get; init; } = AllVerbs;

    /// <summary>Whether the resource has a <c>scale</c> subresource over <c>spec.replicas</c>.</summary>
    public bool HasScale { get; init; }

    /// <summary>For a custom resource: its served version of the CustomResourceDefinition (schema, printer columns).</summary>
    public JsonObject? Definition { get; init; }

    /// <summary>
    /// The resource whose objects this one shows in another shape (events.k8s.io Events are core Events seen through
    /// a conversion, as one etcd key serves both in a real cluster); null when the resource is stored as itself.
    /// </summary>
    public ApiResource? ViewOf { get; init; }

    public static IReadOnlyList<string> AllVerbs { get; } = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

    // Each resource is one instance; equality by reference keeps dictionary lookups cheap with the list properties.
    public bool Equals(ApiResource? other) => ReferenceEquals(this, other);

    public override int GetHashCode() => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(this);
}
