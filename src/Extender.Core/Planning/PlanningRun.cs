using Extender.Core.Catalog;
using Extender.Core.Cluster;
using Extender.Core.Resources;
using Extender.Core.Scheduling.Requirements;

namespace Extender.Core.Planning;

/// <summary>One planning pass: the prepared model (axes, zones, terms, pools, groups, bins) and its mutable state.</summary>
internal sealed partial class PlanningRun
{
    private readonly PlanInput _input;
    private ResourceAxes _axes = new();
    private List<string> _zones = [];
    private CatalogModel? _model;
    private readonly TermRegistry _terms;
    private readonly List<PoolModel> _pools = [];
    private readonly List<PodGroup> _groups = [];
    private readonly List<Bin> _bins = [];
    private readonly List<UnschedulablePod> _unschedulable = [];
    private readonly HashSet<int> _antiTerms = [];
    private int[][] _domainCounts = [];
    private int[][] _holderDomainCounts = [];
    private int[] _totals = [];
    private int _fixedBins;

    public PlanningRun(PlanInput input)
    {
        _input = input;
        _terms = new TermRegistry(input.NamespaceLabels);
    }

    public Plan Run()
    {
        Prepare();
        PlaceAll();
        Improve();
        return Output();
    }

    private void Prepare()
    {
        var nodes = _input.Nodes.Where(n => n.Node.Ready && !n.Node.Unschedulable).OrderBy(n => n.Node.Name, StringComparer.Ordinal).ToList();
        var claims = _input.InFlight.OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
        RegisterAxesAndZones(nodes, claims);
        BuildGroups();
        InternTerms(nodes, claims);
        BuildPools(nodes, claims);
        RegisterDomains(nodes, claims);
        foreach (var group in _groups)
        {
            ComputeFits(group);
        }

        AssignFitClasses();
        _domainCounts = [.. _terms.Terms.Select(t => new int[t.Hostname ? 0 : _keyValues[t.Key].Count])];
        _holderDomainCounts = [.. _terms.Terms.Select(t => new int[t.Hostname ? 0 : _keyValues[t.Key].Count])];
        _totals = new int[_terms.Terms.Count];
        foreach (var node in nodes)
        {
            AddFixedBin(BinKind.Existing, node.Node.Name, node.Node.Allocatable, NodeLabels(node.Node.Labels, node.Node.Name), node.Node.Taints,
                node.Pods.Where(p => !p.IsFinished).ToList());
        }

        foreach (var claim in claims)
        {
            var labels = new Dictionary<string, string>(claim.Labels.Select(l => KeyValuePair.Create(KarpenterLabels.Normalize(l.Key), l.Value)), StringComparer.Ordinal)
            {
                [WellKnownLabels.Zone] = claim.Zone,
                [WellKnownLabels.CapacityType] = claim.CapacityType,
                [WellKnownLabels.InstanceType] = claim.InstanceType,
                [WellKnownLabels.NodePool] = claim.NodePool,
                [RequirementSet.NodeNameField] = claim.Name,
            };
            if (_input.Catalog.Find(claim.InstanceType) is { } type)
            {
                foreach (var (key, value) in type.Labels)
                {
                    labels.TryAdd(key, value);
                }
            }

            // The claim's allocatable is already net of its reserved pods: count them for constraints only.
            var bin = AddFixedBin(BinKind.InFlight, claim.Name, claim.Allocatable, labels, claim.Taints, []);
            foreach (var pod in claim.ReservedPods)
            {
                CountFixedPod(bin, pod);
                bin.Ports.AddRange(pod.HostPorts);
            }
        }

        _fixedBins = _bins.Count;
        foreach (var group in _groups)
        {
            group.FixedBinFit = new sbyte[_fixedBins];
            foreach (var pool in _pools)
            {
                if (group.Fits[pool.Index] is { } fit)
                {
                    AddPoolDomains(group, pool, fit);
                }
            }

            foreach (var bin in _bins.Where(b => MatchesLabels(group, b)))
            {
                for (var k = 0; k < _keyValues.Count; k++)
                {
                    group.DomainMasks[k] |= bin.Domains[k] >= 0 ? 1 << bin.Domains[k] : 0;
                }
            }
        }
    }

    /// <summary>The catalog's axes and zones (from the kept <see cref="CatalogModel"/>), then those the pods, nodes, claims and limits add.</summary>
    private void RegisterAxesAndZones(List<ExistingNode> nodes, List<InFlightClaim> claims)
    {
        var daemons = _input.DaemonSetPods.OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
        var shared = CatalogModel.Shared(_input.Catalog, _input.NodePools, daemons);
        _axes = shared.Axes.Clone();
        foreach (var pod in _input.Pods.Concat(_input.DaemonSetPods))
        {
            _axes.Register(pod.Requests);
        }

        var zones = new List<string>();
        foreach (var node in nodes)
        {
            _axes.Register(node.Node.Allocatable);
            if (node.Node.Labels.TryGetValue(WellKnownLabels.Zone, out var zone))
            {
                zones.Add(zone);
            }

            foreach (var pod in node.Pods)
            {
                _axes.Register(pod.Requests);
            }
        }

        foreach (var claim in claims)
        {
            _axes.Register(claim.Allocatable);
            zones.Add(claim.Zone);
        }

        foreach (var pool in _input.NodePools)
        {
            _axes.Register(pool.Limits ?? ResourceList.Empty);
        }

        _zones = shared.ZonesWith(zones);
        _model = shared.For(_axes, _zones);
    }

    private void BuildGroups()
    {
        var bySignature = new Dictionary<string, List<Pod>>(StringComparer.Ordinal);
        foreach (var pod in _input.Pods)
        {
            var signature = GroupSignature.Of(pod);
            if (!bySignature.TryGetValue(signature, out var list))
            {
                list = [];
                bySignature.Add(signature, list);
            }

            list.Add(pod);
        }

        var maxima = _model!.Maxima;
        var prepared = bySignature
            .Select(entry =>
            {
                var pods = entry.Value;
                pods.Sort(PodOrder);
                var demand = _axes.Vector(pods[0].Requests);
                return (Signature: entry.Key, Pods: pods, Demand: demand, Size: DominantShare(demand, maxima));
            })
            .OrderByDescending(g => g.Pods[0].Priority)
            .ThenByDescending(g => g.Size)
            .ThenBy(g => g.Signature, StringComparer.Ordinal)
            .ToList();
        foreach (var (_, pods, demand, _) in prepared)
        {
            _groups.Add(new PodGroup(_groups.Count, pods[0], pods, demand, PodRequirements.Alternatives(pods[0])));
        }
    }

    private void InternTerms(List<ExistingNode> nodes, List<InFlightClaim> claims)
    {
        foreach (var group in _groups)
        {
            var pod = group.Representative;
            foreach (var term in pod.RequiredPodAntiAffinity)
            {
                if (RequireSupportedKey(group, term.TopologyKey, "pod anti-affinity"))
                {
                    var interned = _terms.Intern(term, pod.Namespace);
                    group.AntiAffinity.Add(interned);
                    _antiTerms.Add(interned.Id);
                }
            }

            // Preferred terms still kept by the relaxation (PreferredPodTerms) bind their own pod only: no other pod is
            // kept away by them, as kube-scheduler filters on none of them.
            group.HeldAntiAffinity = group.AntiAffinity.Count;
            foreach (var term in pod.PreferredPodAntiAffinity.Select(t => t.Term))
            {
                if (RequireSupportedKey(group, term.TopologyKey, "preferred pod anti-affinity"))
                {
                    group.AntiAffinity.Add(_terms.Intern(term, pod.Namespace));
                }
            }

            foreach (var term in pod.RequiredPodAffinity.Concat(pod.PreferredPodAffinity.Select(t => t.Term)))
            {
                if (RequireSupportedKey(group, term.TopologyKey, "pod affinity"))
                {
                    group.Affinity.Add(_terms.Intern(term, pod.Namespace));
                }
            }

            foreach (var spread in pod.TopologySpread)
            {
                var hard = spread.WhenUnsatisfiable != "ScheduleAnyway";
                if (SupportedKey(spread.TopologyKey))
                {
                    var term = _terms.Intern(spread.TopologyKey, spread.Selector, [], null, pod.Namespace, group.Alternatives);
                    group.Spread.Add(new SpreadRule(term, Math.Max(1, spread.MaxSkew), hard, term.Selects(pod), hard ? Math.Max(1, spread.MinDomains ?? 1) : 1));
                }
                else if (hard)
                {
                    RequireSupportedKey(group, spread.TopologyKey, "topology spread");
                }
            }
        }

        foreach (var pod in nodes.SelectMany(n => n.Pods).Concat(claims.SelectMany(c => c.ReservedPods)))
        {
            foreach (var term in pod.RequiredPodAntiAffinity.Where(t => SupportedKey(t.TopologyKey)))
            {
                _antiTerms.Add(_terms.Intern(term, pod.Namespace).Id);
            }
        }

        foreach (var group in _groups)
        {
            foreach (var term in _terms.Terms)
            {
                if (term.Selects(group.Representative))
                {
                    group.SelectedBy.Add(term);
                    if (_antiTerms.Contains(term.Id))
                    {
                        group.RepelledBy.Add(term);
                    }
                }
            }

            var own = group.AntiAffinity.Concat(group.Affinity).Concat(group.Spread.Select(s => s.Term)).ToList();
            group.NeedsKeys = own.Concat(group.SelectedBy).Concat(group.RepelledBy).Where(t => !t.Hostname).Aggregate(0, static (mask, t) => mask | (1 << t.Key));
            group.RequiredKeys = group.Affinity.Concat(group.Spread.Select(s => s.Term)).Where(t => !t.Hostname).Aggregate(0, static (mask, t) => mask | (1 << t.Key));
            group.HostnameBound = own.Concat(group.SelectedBy).Any(t => t.Hostname);
            if (group.HostPorts.Count > 0 || group.AntiAffinity.Any(t => t.Hostname && group.SelectsSelf(t)))
            {
                group.MaxPerNode = 1;
            }

            foreach (var rule in group.Spread.Where(s => s.Term.Hostname && s.SelectsSelf))
            {
                group.MaxPerNode = Math.Min(group.MaxPerNode, rule.MaxSkew);
            }
        }
    }

    private bool RequireSupportedKey(PodGroup group, string topologyKey, string what)
    {
        if (SupportedKey(topologyKey))
        {
            return true;
        }

        group.Unsupported = true;
        group.Unfit = $"{what} on topologyKey \"{topologyKey}\" is not supported by the planner: the NodePools' instance types give that label {TypeDefinedValues(topologyKey)} values, more than the {MaxDomains} domains it counts per key (narrow the NodePool's instance types, or use a zone, capacity type, NodePool or hostname key, or a label the NodePool sets)";
        return false;
    }

    private static Dictionary<string, string> NodeLabels(IReadOnlyDictionary<string, string> labels, string name)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in labels)
        {
            result[KarpenterLabels.Normalize(key)] = value;
        }

        result[RequirementSet.NodeNameField] = name;
        return result;
    }

    private Bin AddFixedBin(BinKind kind, string name, ResourceList allocatable, Dictionary<string, string> labels, IReadOnlyList<Taint> taints, List<Pod> pods)
    {
        var bin = new Bin(_bins.Count, kind, name, _axes.Vector(allocatable), _terms.Terms.Count, _terms.Keys.Count) { Labels = labels, Taints = taints };
        SetFixedDomains(bin);
        foreach (var pod in pods)
        {
            ResourceAxes.AddTo(bin.Used, _axes.Vector(pod.Requests), 1);
            CountFixedPod(bin, pod);
            bin.Ports.AddRange(pod.HostPorts);
        }

        _bins.Add(bin);
        return bin;
    }

    private void CountFixedPod(Bin bin, Pod pod)
    {
        foreach (var term in _terms.Terms)
        {
            if (term.Selects(pod))
            {
                Count(bin, term, 1);
            }
        }

        foreach (var term in pod.RequiredPodAntiAffinity.Where(t => SupportedKey(t.TopologyKey)))
        {
            Hold(bin, _terms.Intern(term, pod.Namespace), 1);
        }
    }

    private void Count(Bin bin, TopologyTerm term, int delta)
    {
        // A new node carries what its pods require; an existing node or claim counts only if it meets the filter.
        if (term.NodeFilter is not null && bin.Kind != BinKind.New && !term.NodeFilter.Any(alt => alt.FirstViolatedBy(bin.Labels) is null))
        {
            return;
        }

        bin.TermCounts[term.Id] += delta;
        _totals[term.Id] += delta;
        if (!term.Hostname && bin.Domains[term.Key] >= 0)
        {
            _domainCounts[term.Id][bin.Domains[term.Key]] += delta;
        }
    }

    private void Hold(Bin bin, TopologyTerm term, int delta)
    {
        bin.HolderCounts[term.Id] += delta;
        if (!term.Hostname && bin.Domains[term.Key] >= 0)
        {
            _holderDomainCounts[term.Id][bin.Domains[term.Key]] += delta;
        }
    }

    private static int PodOrder(Pod a, Pod b)
    {
        var c = a.CreatedAt.CompareTo(b.CreatedAt);
        if (c == 0)
        {
            c = string.CompareOrdinal(a.Namespace, b.Namespace);
        }

        if (c == 0)
        {
            c = string.CompareOrdinal(a.Name, b.Name);
        }

        return c != 0 ? c : string.CompareOrdinal(a.Uid, b.Uid);
    }

    private static double DominantShare(long[] demand, long[] maxima)
    {
        var share = 0.0;
        for (var i = 0; i < demand.Length; i++)
        {
            if (maxima[i] > 0)
            {
                share = Math.Max(share, (double)demand[i] / maxima[i]);
            }
        }

        return share;
    }
}
