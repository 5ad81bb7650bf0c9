using System.Globalization;
using Extender.Core.Catalog;
using Extender.Core.Cluster;

namespace Extender.Core.Tests.Planning.Checking;

/// <summary>
/// Kubernetes' matching rules, written again from the API documentation for the checker: they must not share code
/// (and so bugs) with the planner or the filter they check.
/// </summary>
internal static class Rules
{
    /// <summary>metav1.LabelSelector: null selects nothing, empty everything.</summary>
    public static bool Selects(LabelSelector? selector, IReadOnlyDictionary<string, string> labels)
    {
        if (selector is null)
        {
            return false;
        }

        foreach (var (key, value) in selector.MatchLabels)
        {
            if (!labels.TryGetValue(key, out var actual) || actual != value)
            {
                return false;
            }
        }

        return selector.MatchExpressions.All(e => Holds(e, labels.GetValueOrDefault(e.Key)));
    }

    /// <summary>One requirement against a label value (null: the label is absent).</summary>
    public static bool Holds(NodeSelectorRequirement requirement, string? value) => requirement.Operator switch
    {
        "In" => value is not null && requirement.Values.Contains(value),
        "NotIn" => value is null || !requirement.Values.Contains(value),
        "Exists" => value is not null,
        "DoesNotExist" => value is null,
        "Gt" => Number(value) is { } n && n > long.Parse(requirement.Values[0], CultureInfo.InvariantCulture),
        "Lt" => Number(value) is { } n && n < long.Parse(requirement.Values[0], CultureInfo.InvariantCulture),
        _ => false,
    };

    /// <summary>nodeSelector and required node affinity (terms ORed, expressions ANDed; matchFields on metadata.name).</summary>
    public static string? NodeRequirementViolation(Pod pod, IReadOnlyDictionary<string, string> labels, string nodeName)
    {
        foreach (var (key, value) in pod.NodeSelector)
        {
            if (Label(labels, key) != value)
            {
                return $"nodeSelector {key}={value} (node has {Label(labels, key) ?? "no such label"})";
            }
        }

        if (pod.RequiredNodeAffinity.Count > 0 && !pod.RequiredNodeAffinity.Any(term =>
                term.MatchExpressions.All(e => Holds(e, Label(labels, e.Key)))
                && term.MatchFields.All(f => f.Key == "metadata.name" && Holds(f, nodeName))))
        {
            return "required node affinity matches no term";
        }

        return null;
    }

    /// <summary>A label by the key the pod wrote, Karpenter and deprecated spellings included (interfaces.md: nodes carry both).</summary>
    public static string? Label(IReadOnlyDictionary<string, string> labels, string key)
    {
        if (labels.TryGetValue(key, out var value))
        {
            return value;
        }

        const string AwsInstance = "karpenter.k8s.aws/instance-";
        var ours = key switch
        {
            "karpenter.sh/capacity-type" => WellKnownLabels.CapacityType,
            "beta.kubernetes.io/arch" => WellKnownLabels.Arch,
            "beta.kubernetes.io/os" => WellKnownLabels.Os,
            "beta.kubernetes.io/instance-type" => WellKnownLabels.InstanceType,
            "failure-domain.beta.kubernetes.io/zone" => WellKnownLabels.Zone,
            "failure-domain.beta.kubernetes.io/region" => WellKnownLabels.Region,
            _ when key.StartsWith(AwsInstance, StringComparison.Ordinal) => "provisioning.extender.io/instance-" + key[AwsInstance.Length..],
            _ => null,
        };
        return ours is not null ? labels.GetValueOrDefault(ours) : null;
    }

    /// <summary>The first NoSchedule or NoExecute taint the pod does not tolerate.</summary>
    public static Taint? Untolerated(IEnumerable<Taint> taints, IReadOnlyList<Toleration> tolerations) =>
        taints.FirstOrDefault(t => t.Effect is "NoSchedule" or "NoExecute" && !tolerations.Any(o => Tolerates(o, t)));

    private static bool Tolerates(Toleration toleration, Taint taint)
    {
        if (toleration.Effect.Length > 0 && toleration.Effect != taint.Effect)
        {
            return false;
        }

        if (toleration.Key.Length == 0)
        {
            return toleration.Operator == "Exists";
        }

        return toleration.Key == taint.Key && (toleration.Operator == "Exists" || toleration.Value == taint.Value);
    }

    /// <summary>Two host ports collide: same port and protocol (TCP by default), and the same IP or either the wildcard.</summary>
    public static bool Collide(HostPort a, HostPort b)
    {
        static string Ip(HostPort p) => p.HostIp is "" or "0.0.0.0" ? "*" : p.HostIp;
        static string Protocol(HostPort p) => p.Protocol.Length == 0 ? "TCP" : p.Protocol;
        return a.Port > 0 && a.Port == b.Port && Protocol(a) == Protocol(b) && (Ip(a) == "*" || Ip(b) == "*" || Ip(a) == Ip(b));
    }

    /// <summary>
    /// The namespaces a pod (anti-)affinity term of a pod in <paramref name="owner"/> covers; null: all. A namespace
    /// selector picks namespaces by their labels (plus the automatic name label); without labels in the input, or
    /// when empty, it picks every namespace.
    /// </summary>
    public static IReadOnlySet<string>? Scope(PodAffinityTerm term, string owner, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? namespaces)
    {
        if (term.NamespaceSelector is { } selector)
        {
            if (namespaces is null || (selector.MatchLabels.Count == 0 && selector.MatchExpressions.Count == 0))
            {
                return null;
            }

            var picked = namespaces
                .Where(n => Selects(selector, new Dictionary<string, string>(n.Value) { ["kubernetes.io/metadata.name"] = n.Key }))
                .Select(n => n.Key);
            return new HashSet<string>(term.Namespaces.Concat(picked));
        }

        return term.Namespaces.Count == 0 ? new HashSet<string> { owner } : new HashSet<string>(term.Namespaces);
    }

    public static bool Selects(PodAffinityTerm term, string owner, Pod pod, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? namespaces) =>
        (Scope(term, owner, namespaces) is not { } scope || scope.Contains(pod.Namespace)) && Selects(term.Selector, pod.Labels);

    private static long? Number(string? value) =>
        long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : null;
}
