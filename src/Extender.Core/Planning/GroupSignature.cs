using System.Globalization;
using System.Text;
using Extender.Core.Cluster;

namespace Extender.Core.Planning;

/// <summary>A canonical text of everything that decides where a pod may go; pods with equal text are grouped.</summary>
internal static class GroupSignature
{
    public static string Of(Pod pod)
    {
        var text = new StringBuilder(256);
        text.Append(pod.Namespace).Append('\n').Append(pod.Priority.ToString(CultureInfo.InvariantCulture)).Append('\n');
        text.Append(pod.Requests).Append('\n');
        AppendMap(text, pod.Labels);
        AppendMap(text, pod.NodeSelector);
        foreach (var term in pod.RequiredNodeAffinity)
        {
            text.Append("term:");
            foreach (var r in term.MatchExpressions.Concat(term.MatchFields))
            {
                text.Append(r.Key).Append(' ').Append(r.Operator).Append(' ').AppendJoin(',', r.Values).Append(';');
            }

            text.Append('\n');
        }

        foreach (var preferred in pod.PreferredNodeAffinity)
        {
            text.Append("prefer:").Append(preferred.Weight.ToString(CultureInfo.InvariantCulture)).Append(':');
            foreach (var r in preferred.Preference.MatchExpressions.Concat(preferred.Preference.MatchFields))
            {
                text.Append(r.Key).Append(' ').Append(r.Operator).Append(' ').AppendJoin(',', r.Values).Append(';');
            }

            text.Append('\n');
        }

        // Every pending pod is signed once per plan: most have no tolerations and few labels, so skip the sorting then.
        if (pod.Tolerations.Count > 0)
        {
            foreach (var t in pod.Tolerations.Select(t => $"{t.Key}|{t.Operator}|{t.Value}|{t.Effect}").Order(StringComparer.Ordinal))
            {
                text.Append("tol:").Append(t).Append('\n');
            }
        }

        AppendTerms(text, "anti:", pod.RequiredPodAntiAffinity);
        AppendTerms(text, "aff:", pod.RequiredPodAffinity);
        if (pod.PreferredPodAntiAffinity.Count + pod.PreferredPodAffinity.Count > 0)
        {
            AppendTerms(text, "prefanti:", [.. pod.PreferredPodAntiAffinity.Select(t => t.Term)]);
            AppendTerms(text, "prefaff:", [.. pod.PreferredPodAffinity.Select(t => t.Term)]);
        }
        foreach (var s in pod.TopologySpread)
        {
            text.Append("spread:").Append(s.TopologyKey).Append('|').Append(s.MaxSkew.ToString(CultureInfo.InvariantCulture))
                .Append('|').Append(s.WhenUnsatisfiable).Append('|').Append(SelectorText.Canonical(s.Selector)).Append('\n');
        }

        foreach (var p in pod.HostPorts)
        {
            text.Append("port:").Append(p.Protocol).Append(p.HostIp).Append(p.Port.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        return text.ToString();
    }

    private static void AppendMap(StringBuilder text, IReadOnlyDictionary<string, string> map)
    {
        foreach (var (key, value) in map.Count > 1 ? map.OrderBy(e => e.Key, StringComparer.Ordinal) : (IEnumerable<KeyValuePair<string, string>>)map)
        {
            text.Append(key).Append('=').Append(value).Append(';');
        }

        text.Append('\n');
    }

    private static void AppendTerms(StringBuilder text, string prefix, IReadOnlyList<PodAffinityTerm> terms)
    {
        foreach (var t in terms)
        {
            text.Append(prefix).Append(t.TopologyKey).Append('|').Append(SelectorText.Canonical(t.Selector)).Append('|')
                .AppendJoin(',', t.Namespaces).Append('|').Append(SelectorText.Canonical(t.NamespaceSelector)).Append('\n');
        }
    }
}
