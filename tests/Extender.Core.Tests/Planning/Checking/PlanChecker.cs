using Extender.Core.Catalog;
using Extender.Core.Cluster;
using Extender.Core.Planning;
using Extender.Core.Resources;

namespace Extender.Core.Tests.Planning.Checking;

/// <summary>
/// Validates a plan against every hard constraint, from the input and the plan's output types alone (no planner code):
/// each pod is placed once or listed as unschedulable; each node it lands on has room (after DaemonSet overhead), is
/// tolerated, matches its node selector and required node affinity, has no host port clash; pod affinity and
/// anti-affinity hold (both directions, namespace scope included) in kube-scheduler's one-pod-at-a-time sense;
/// topology spread with DoNotSchedule keeps each pod's domain within maxSkew of the least loaded eligible domain
/// (minDomains included); NodePool requirements, limits (resources and <c>nodes</c>) and minValues hold; every
/// instance type option could carry the node's pods. Returns the violations, empty when the plan is valid.
/// </summary>
internal static class PlanChecker
{
    public static List<string> Violations(PlanInput input, Plan plan)
    {
        var violations = new List<string>();
        var nodes = BuildNodes(input, plan, violations);
        CheckAccounting(input, plan, violations);
        foreach (var node in nodes)
        {
            CheckNode(node, violations);
        }

        CheckInterPod(input, nodes, violations);
        CheckSpread(input, nodes, violations);
        CheckPools(input, plan, violations);
        return violations;
    }

    /// <summary>Fails with every violation listed.</summary>
    public static void AssertValid(PlanInput input, Plan plan)
    {
        var violations = Violations(input, plan);
        Assert.True(violations.Count == 0, "plan violates constraints:\n" + string.Join("\n", violations.Take(40)));
    }

    private static void CheckAccounting(PlanInput input, Plan plan, List<string> violations)
    {
        var outcomes = plan.NewNodes.SelectMany(n => n.Pods)
            .Concat(plan.ExistingNodes.SelectMany(p => p.Pods))
            .Concat(plan.InFlight.SelectMany(p => p.Pods))
            .Concat(plan.Unschedulable.Select(u => u.Pod))
            .GroupBy(p => p.Key)
            .ToDictionary(g => g.Key, g => g.Count());
        foreach (var pod in input.Pods)
        {
            var count = outcomes.GetValueOrDefault(pod.Key);
            if (count != 1)
            {
                violations.Add($"{pod.Key}: appears {count} times in the plan (want exactly once)");
            }
        }

        foreach (var key in outcomes.Keys.Except(input.Pods.Select(p => p.Key)))
        {
            violations.Add($"{key}: in the plan but not an input pod");
        }

        foreach (var unschedulable in plan.Unschedulable.Where(u => string.IsNullOrWhiteSpace(u.Reason)))
        {
            violations.Add($"{unschedulable.Pod.Key}: unschedulable without a reason");
        }
    }

    private static List<CheckedNode> BuildNodes(PlanInput input, Plan plan, List<string> violations)
    {
        var nodes = new List<CheckedNode>();
        var byName = new Dictionary<string, CheckedNode>(StringComparer.Ordinal);
        foreach (var existing in input.Nodes)
        {
            var labels = new Dictionary<string, string>(existing.Node.Labels) { [WellKnownLabels.Hostname] = existing.Node.Labels.GetValueOrDefault(WellKnownLabels.Hostname, existing.Node.Name) };
            var node = new CheckedNode { Name = existing.Node.Name, Labels = labels, Taints = existing.Node.Taints, Room = existing.Node.Allocatable };
            node.Resident.AddRange(existing.Pods.Where(p => !p.IsFinished));
            nodes.Add(node);
            byName[node.Name] = node;
        }

        foreach (var placement in plan.ExistingNodes)
        {
            var existing = input.Nodes.FirstOrDefault(n => n.Node.Name == placement.Name);
            if (existing is null || !existing.Node.Ready || existing.Node.Unschedulable)
            {
                violations.Add($"node {placement.Name}: pods placed on a node that is {(existing is null ? "not in the input" : "not ready or cordoned")}");
                continue;
            }

            byName[placement.Name].Placed.AddRange(placement.Pods);
        }

        foreach (var claim in input.InFlight)
        {
            var labels = new Dictionary<string, string>(claim.Labels)
            {
                [WellKnownLabels.Zone] = claim.Zone,
                [WellKnownLabels.CapacityType] = claim.CapacityType,
                [WellKnownLabels.InstanceType] = claim.InstanceType,
                [WellKnownLabels.NodePool] = claim.NodePool,
                [WellKnownLabels.Hostname] = claim.Name,
            };
            foreach (var (key, value) in input.Catalog.Find(claim.InstanceType)?.Labels ?? new Dictionary<string, string>())
            {
                labels.TryAdd(key, value);
            }

            var node = new CheckedNode { Name = claim.Name, Labels = labels, Taints = claim.Taints, Room = claim.Allocatable };
            node.Reserved.AddRange(claim.ReservedPods);
            nodes.Add(node);
            byName[node.Name] = node;
        }

        foreach (var placement in plan.InFlight)
        {
            if (!byName.TryGetValue(placement.Name, out var node) || !input.InFlight.Any(c => c.Name == placement.Name))
            {
                violations.Add($"claim {placement.Name}: pods placed on a claim that is not in the input");
                continue;
            }

            node.Placed.AddRange(placement.Pods);
        }

        foreach (var planned in plan.NewNodes)
        {
            if (NewNode(input, planned, violations) is { } node)
            {
                nodes.Add(node);
            }
        }

        return nodes;
    }

    private static CheckedNode? NewNode(PlanInput input, PlannedNode planned, List<string> violations)
    {
        var pool = input.NodePools.FirstOrDefault(p => p.Name == planned.NodePool);
        var type = input.Catalog.Find(planned.InstanceType);
        if (pool is null || type is null)
        {
            violations.Add($"{planned.Name}: unknown NodePool {planned.NodePool} or instance type {planned.InstanceType}");
            return null;
        }

        var offering = type.Offerings.FirstOrDefault(o => o.Available && o.Zone == planned.Zone && o.CapacityType == planned.CapacityType);
        if (offering is null)
        {
            violations.Add($"{planned.Name}: {type.Name} has no available {planned.CapacityType} offering in {planned.Zone}");
        }
        else if (offering.PricePerHour != planned.PricePerHour)
        {
            violations.Add($"{planned.Name}: price {planned.PricePerHour} is not the offering's {offering.PricePerHour}");
        }

        if (planned.InstanceTypeOptions.Count == 0 || planned.InstanceTypeOptions[0] != planned.InstanceType)
        {
            violations.Add($"{planned.Name}: the chosen type is not the first instance type option");
        }

        var labels = NewNodeLabels(pool, type, planned);
        var node = new CheckedNode { Name = planned.Name, Labels = labels, Taints = pool.Taints, Room = Room(input, pool, type, labels, out var daemons), Planned = planned };
        node.Daemons.AddRange(daemons);
        node.Placed.AddRange(planned.Pods);
        if (PoolRequirementViolation(pool, labels) is { } violation)
        {
            violations.Add($"{planned.Name}: {violation}");
        }

        CheckOptions(input, pool, planned, node, violations);
        return node;
    }

    /// <summary>The labels a node launched for the plan carries: its type's, the offering's, the NodePool's and those the plan narrows.</summary>
    private static Dictionary<string, string> NewNodeLabels(NodePool pool, InstanceType type, PlannedNode planned)
    {
        var labels = new Dictionary<string, string>(type.Labels)
        {
            [WellKnownLabels.Zone] = planned.Zone,
            [WellKnownLabels.CapacityType] = planned.CapacityType,
            [WellKnownLabels.InstanceType] = type.Name,
            [WellKnownLabels.NodePool] = pool.Name,
            [WellKnownLabels.Hostname] = planned.Name,
        };
        foreach (var (key, value) in pool.Labels.Concat(planned.Labels))
        {
            labels[key] = value;
        }

        return labels;
    }

    private static string? PoolRequirementViolation(NodePool pool, IReadOnlyDictionary<string, string> labels)
    {
        foreach (var requirement in pool.Requirements.All)
        {
            var value = Rules.Label(labels, requirement.Key);
            if (!requirement.Matches(value))
            {
                return $"NodePool {pool.Name} requires {requirement} but the node has {requirement.Key}={value ?? "(absent)"}";
            }
        }

        return null;
    }

    /// <summary>The type's allocatable less the DaemonSet pods that would run on a node with these labels and the NodePool's taints.</summary>
    private static ResourceList Room(PlanInput input, NodePool pool, InstanceType type, IReadOnlyDictionary<string, string> labels, out List<Pod> daemons)
    {
        daemons = [.. input.DaemonSetPods.Where(d => Rules.Untolerated(pool.Taints, d.Tolerations) is null && Rules.NodeRequirementViolation(d, labels, "") is null)];
        return daemons.Aggregate(type.Allocatable, (room, d) => room.Subtract(d.Requests));
    }

    /// <summary>A launch may fall back to any option: each must be one the NodePool allows and that carries every pod on the node.</summary>
    private static void CheckOptions(PlanInput input, NodePool pool, PlannedNode planned, CheckedNode node, List<string> violations)
    {
        var demand = node.Placed.Aggregate(ResourceList.Empty, (sum, p) => sum.Add(p.Requests));
        var terms = DomainTerms(input);
        var bound = node.Placed
            .SelectMany(p => terms.Where(t => t.Selects(p)).Select(t => t.Key)
                .Concat(p.RequiredPodAffinity.Concat(p.RequiredPodAntiAffinity).Select(t => t.TopologyKey))
                .Concat(p.TopologySpread.Select(t => t.TopologyKey)))
            .Where(key => key != WellKnownLabels.Hostname)
            .ToHashSet(StringComparer.Ordinal);
        foreach (var name in planned.InstanceTypeOptions.Distinct())
        {
            var type = input.Catalog.Find(name);
            if (type is null)
            {
                violations.Add($"{planned.Name}: option {name} is not in the catalog");
                continue;
            }

            // Pods bound by topology keep the node's domain of each key; others may take any offering they all accept.
            var why = bound.Count > 0 ? $"no offering keeping its {string.Join(", ", bound.Order(StringComparer.Ordinal))}" : "no offering";
            var carried = type.Offerings.Where(o => o.Available).Any(o =>
            {
                var labels = NewNodeLabels(pool, type, planned with { Zone = o.Zone, CapacityType = o.CapacityType });
                if (bound.Any(key => Rules.Label(labels, key) != Rules.Label(node.Labels, key)))
                {
                    return false;
                }

                why = PoolRequirementViolation(pool, labels)
                    ?? node.Placed.Select(p => Rules.NodeRequirementViolation(p, labels, planned.Name)).FirstOrDefault(v => v is not null)
                    ?? (demand.FitsIn(Room(input, pool, type, labels, out _)) ? null : $"room {Room(input, pool, type, labels, out _)}");
                return why is null;
            });
            if (!carried)
            {
                violations.Add($"{planned.Name}: instance type option {name} cannot carry the node's pods ({demand}): {why}");
            }
        }
    }

    /// <summary>
    /// Every topology term not on hostname (of pending, bound and reserved pods) with its key: a pod it selects counts
    /// in its node's domain of that key, so that domain is part of the plan and a launch may not fall back to another.
    /// </summary>
    private static List<(string Key, Func<Pod, bool> Selects)> DomainTerms(PlanInput input)
    {
        var owners = input.Pods.Concat(input.Nodes.SelectMany(n => n.Pods)).Concat(input.InFlight.SelectMany(c => c.ReservedPods));
        return [.. owners.SelectMany(o =>
            o.RequiredPodAffinity.Concat(o.RequiredPodAntiAffinity).Where(t => t.TopologyKey != WellKnownLabels.Hostname).Select(t => (t.TopologyKey, (Func<Pod, bool>)(p => Rules.Selects(t, o.Namespace, p, input.NamespaceLabels))))
                .Concat(o.TopologySpread.Where(t => t.TopologyKey != WellKnownLabels.Hostname).Select(t => (t.TopologyKey, (Func<Pod, bool>)(p => p.Namespace == o.Namespace && Rules.Selects(t.Selector, p.Labels))))))];
    }

    private static void CheckNode(CheckedNode node, List<string> violations)
    {
        foreach (var pod in node.Placed)
        {
            if (Rules.Untolerated(node.Taints, pod.Tolerations) is { } taint)
            {
                violations.Add($"{pod.Key} on {node.Name}: does not tolerate taint {taint.Key}={taint.Value}:{taint.Effect}");
            }

            if (Rules.NodeRequirementViolation(pod, node.Labels, node.Name) is { } requirement)
            {
                violations.Add($"{pod.Key} on {node.Name}: {requirement}");
            }
        }

        if (node.Placed.Count > 0)
        {
            var used = node.Resident.Concat(node.Placed).Aggregate(ResourceList.Empty, (sum, p) => sum.Add(p.Requests));
            if (!used.FitsIn(node.Room))
            {
                violations.Add($"{node.Name}: pods need {used} but the node has room for {node.Room}");
            }
        }

        var ports = node.Resident.Concat(node.Reserved).Concat(node.Daemons).SelectMany(p => p.HostPorts.Select(h => (Pod: p, Port: h))).ToList();
        foreach (var pod in node.Placed)
        {
            foreach (var port in pod.HostPorts)
            {
                if (ports.FirstOrDefault(u => Rules.Collide(port, u.Port)) is { Pod: { } other })
                {
                    violations.Add($"{pod.Key} on {node.Name}: host port {port.Protocol}/{port.Port} is taken by {other.Key}");
                }
            }

            ports.AddRange(pod.HostPorts.Select(h => (pod, h)));
        }
    }

    private static void CheckInterPod(PlanInput input, List<CheckedNode> nodes, List<string> violations)
    {
        var everyone = nodes.SelectMany(n => n.All.Select(p => (Pod: p, Node: n, Placed: n.Placed.Contains(p)))).ToList();
        foreach (var (pod, node, placed) in everyone)
        {
            foreach (var term in pod.RequiredPodAntiAffinity)
            {
                if (Rules.Label(node.Labels, term.TopologyKey) is not { } domain)
                {
                    continue;
                }

                // Anti-affinity holds both ways: a pod the plan places may neither break its own term nor another's.
                foreach (var (other, otherNode, otherPlaced) in everyone)
                {
                    if ((placed || otherPlaced) && other != pod && Rules.Label(otherNode.Labels, term.TopologyKey) == domain && Rules.Selects(term, pod.Namespace, other, input.NamespaceLabels))
                    {
                        violations.Add($"{pod.Key} on {node.Name}: anti-affinity ({term.TopologyKey}) with {other.Key} on {otherNode.Name}");
                    }
                }
            }
        }

        CheckAffinity(everyone, input.NamespaceLabels, violations);
    }

    /// <summary>
    /// Required pod affinity as kube-scheduler grants it one pod at a time: each placed pod has a matching pod in its
    /// domain other than itself, except that the first of a batch whose term matches itself may start one domain when
    /// no matching pod exists yet. So at most one domain may be started that way, and only when nothing matched before.
    /// </summary>
    private static void CheckAffinity(List<(Pod Pod, CheckedNode Node, bool Placed)> everyone, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? namespaces, List<string> violations)
    {
        var byTerm = everyone.Where(e => e.Placed)
            .SelectMany(e => e.Pod.RequiredPodAffinity.Select(t => (Key: TermKey(e.Pod.Namespace, t), Term: t, e.Pod, e.Node)))
            .GroupBy(e => e.Key);
        foreach (var owners in byTerm)
        {
            var term = owners.First().Term;
            var owner = owners.First().Pod.Namespace;
            var matching = everyone.Where(e => Rules.Selects(term, owner, e.Pod, namespaces)).ToList();
            var unseeded = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (_, _, pod, node) in owners)
            {
                if (Rules.Label(node.Labels, term.TopologyKey) is not { } domain)
                {
                    violations.Add($"{pod.Key} on {node.Name}: pod affinity on {term.TopologyKey}, which the node lacks");
                    continue;
                }

                var inDomain = matching.Where(m => Rules.Label(m.Node.Labels, term.TopologyKey) == domain).ToList();
                if (!inDomain.Exists(m => m.Pod != pod) && !Rules.Selects(term, owner, pod, namespaces))
                {
                    violations.Add($"{pod.Key} on {node.Name}: no pod in {term.TopologyKey}={domain} matches its required pod affinity");
                    continue;
                }

                // A domain is seeded by a matching pod that needed no affinity to get there; otherwise some pod of
                // this term matching itself started it, which only one domain may do.
                var holders = inDomain.Where(m => m.Placed && m.Pod.RequiredPodAffinity.Any(t => TermKey(m.Pod.Namespace, t) == owners.Key)).ToList();
                if (inDomain.Count > holders.Count)
                {
                    continue;
                }

                if (holders.Count == 0)
                {
                    violations.Add($"{pod.Key} on {node.Name}: no pod in {term.TopologyKey}={domain} matches its required pod affinity");
                    continue;
                }

                unseeded.Add(domain);
            }

            if (unseeded.Count > 1 || (unseeded.Count == 1 && matching.Exists(m => !m.Placed)))
            {
                violations.Add($"pod affinity {term.TopologyKey} of {owner} pods: started in {string.Join(", ", unseeded)} though {(unseeded.Count > 1 ? "only one domain may be started" : "matching pods already ran elsewhere")}");
            }
        }
    }

    /// <summary>Equal terms of pods in one namespace, as text (the records hold dictionaries, which compare by reference).</summary>
    private static string TermKey(string owner, PodAffinityTerm term) =>
        $"{owner}|{term.TopologyKey}|{Selector(term.Selector)}|{string.Join(",", term.Namespaces.Order(StringComparer.Ordinal))}|{Selector(term.NamespaceSelector)}";

    private static string Selector(LabelSelector? selector) => selector is null ? "null"
        : string.Join(",", selector.MatchLabels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"))
            + ";" + string.Join(",", selector.MatchExpressions.Select(e => $"{e.Key} {e.Operator} {string.Join(",", e.Values)}").Order(StringComparer.Ordinal));

    /// <summary>
    /// DoNotSchedule spread for pods the plan places whose selector matches themselves: counts only grow as pods are
    /// placed, so a domain that took a pod last within maxSkew of the minimum stays so against the final minimum.
    /// Constraints not matching their own pod are not checked (later pods may legally raise that domain).
    /// </summary>
    private static void CheckSpread(PlanInput input, List<CheckedNode> nodes, List<string> violations)
    {
        var everyone = nodes.SelectMany(n => n.All.Select(p => (Pod: p, Node: n))).ToList();
        var cache = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            foreach (var pod in node.Placed)
            {
                foreach (var spread in pod.TopologySpread.Where(s => s.WhenUnsatisfiable == "DoNotSchedule" && Rules.Selects(s.Selector, pod.Labels)))
                {
                    if (Rules.Label(node.Labels, spread.TopologyKey) is not { } domain)
                    {
                        violations.Add($"{pod.Key} on {node.Name}: spread over {spread.TopologyKey}, which the node lacks");
                        continue;
                    }

                    var counts = everyone
                        .Where(e => e.Pod.Namespace == pod.Namespace && Rules.Selects(spread.Selector, e.Pod.Labels) && Rules.Label(e.Node.Labels, spread.TopologyKey) is not null
                            && Rules.NodeRequirementViolation(pod, e.Node.Labels, e.Node.Name) is null)
                        .GroupBy(e => Rules.Label(e.Node.Labels, spread.TopologyKey)!)
                        .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
                    var domains = EligibleDomains(input, nodes, pod, spread.TopologyKey, cache);
                    var min = spread.TopologyKey == WellKnownLabels.Hostname || domains.Count < (spread.MinDomains ?? 1)
                        ? 0
                        : domains.Min(d => counts.GetValueOrDefault(d));
                    var skew = counts.GetValueOrDefault(domain) - min;
                    if (skew > spread.MaxSkew)
                    {
                        violations.Add($"{pod.Key} on {node.Name}: spread over {spread.TopologyKey} has {counts.GetValueOrDefault(domain)} in {domain}, {min} in the least loaded of {domains.Count} domains (maxSkew {spread.MaxSkew}, minDomains {spread.MinDomains?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"})");
                    }
                }
            }
        }
    }

    /// <summary>
    /// Domains of <paramref name="key"/> the pod's spread is measured over (nodeAffinityPolicy Honor, nodeTaintsPolicy
    /// Ignore): the values on nodes that match its node requirements, and the values new nodes it may land on could take.
    /// </summary>
    private static HashSet<string> EligibleDomains(PlanInput input, List<CheckedNode> nodes, Pod pod, string key, Dictionary<string, HashSet<string>> cache)
    {
        var cacheKey = key + "\n" + string.Join(",", pod.NodeSelector.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"))
            + "\n" + string.Join("|", pod.RequiredNodeAffinity.Select(t => string.Join(",", t.MatchExpressions.Concat(t.MatchFields).Select(e => $"{e.Key} {e.Operator} {string.Join(",", e.Values)}"))));
        if (cache.TryGetValue(cacheKey, out var known))
        {
            return known;
        }

        var domains = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in nodes.Where(n => n.Planned is null && Rules.NodeRequirementViolation(pod, n.Labels, n.Name) is null))
        {
            if (Rules.Label(node.Labels, key) is { } value)
            {
                domains.Add(value);
            }
        }

        foreach (var pool in input.NodePools)
        {
            foreach (var type in input.Catalog.InstanceTypes)
            {
                foreach (var offering in type.Offerings.Where(o => o.Available))
                {
                    var labels = NewNodeLabels(pool, type, new PlannedNode("", pool.Name, type.Name, [], offering.Zone, offering.CapacityType, 0, []));

                    // A key the NodePool leaves open takes whichever allowed value the pod wants; each value of the
                    // spread's own key is a domain (Karpenter registers every In value of a NodePool requirement).
                    foreach (var open in pool.Requirements.All.Where(r => !labels.ContainsKey(r.Key) && !r.Complement && r.Key != key))
                    {
                        labels[open.Key] = open.Values.FirstOrDefault(v => Rules.NodeRequirementViolation(pod, new Dictionary<string, string>(labels) { [open.Key] = v }, "") is null) ?? open.Values[0];
                    }

                    var own = pool.Requirements.All.FirstOrDefault(r => r.Key == key && !labels.ContainsKey(r.Key) && !r.Complement);
                    foreach (var candidate in own is null ? [labels] : own.Values.Select(v => new Dictionary<string, string>(labels) { [key] = v }))
                    {
                        if (Rules.Label(candidate, key) is { } value && PoolRequirementViolation(pool, candidate) is null && Rules.NodeRequirementViolation(pod, candidate, "") is null)
                        {
                            domains.Add(value);
                        }
                    }
                }
            }
        }

        cache[cacheKey] = domains;
        return domains;
    }

    private static void CheckPools(PlanInput input, Plan plan, List<string> violations)
    {
        foreach (var pool in input.NodePools)
        {
            var planned = plan.NewNodes.Where(n => n.NodePool == pool.Name).ToList();
            if (planned.Count == 0)
            {
                continue;
            }

            if (pool.Limits is { } limits)
            {
                ResourceList Capacity(string typeName, ResourceList fallback) =>
                    input.Catalog.Find(typeName) is { } t ? t.Capacity ?? t.Allocatable : fallback;
                var launched = input.Nodes
                    .Where(n => n.Node.Labels.GetValueOrDefault(WellKnownLabels.NodePool) == pool.Name)
                    .Select(n => Capacity(n.Node.Labels.GetValueOrDefault(WellKnownLabels.InstanceType, ""), n.Node.Allocatable))
                    .Concat(input.InFlight.Where(c => c.NodePool == pool.Name).Select(c => Capacity(c.InstanceType, c.Allocatable)))
                    .Concat(planned.Select(n => Capacity(n.InstanceType, ResourceList.Empty)))
                    .ToList();
                var total = launched.Aggregate(ResourceList.Empty, (sum, c) => sum.Add(c)).With("nodes", launched.Count * 1000L);
                foreach (var (name, limit) in limits)
                {
                    if (total[name] > limit)
                    {
                        violations.Add($"NodePool {pool.Name}: {name} {total[name]}m exceeds its limit {limit}m");
                    }
                }
            }

            foreach (var requirement in pool.Requirements.All.Where(r => r.MinValues is > 0))
            {
                foreach (var node in planned)
                {
                    var values = node.InstanceTypeOptions
                        .Select(t => input.Catalog.Find(t)?.Labels.GetValueOrDefault(requirement.Key))
                        .Where(v => v is not null && requirement.Matches(v))
                        .Distinct()
                        .Count();
                    if (values < requirement.MinValues)
                    {
                        violations.Add($"{node.Name}: options cover {values} values of {requirement.Key}, NodePool {pool.Name} wants minValues {requirement.MinValues}");
                    }
                }
            }
        }
    }
}
