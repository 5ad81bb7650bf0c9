using System.Globalization;
using Extender.Core.Catalog;
using Extender.Core.Cluster;
using Extender.Core.Planning;
using Extender.Core.Resources;
using Extender.Core.Scheduling.Requirements;
using Extender.TestKit.Planning;

namespace Extender.Core.Tests.Planning.Checking;

/// <summary>
/// Random constrained planning inputs from a seed: a small catalog (some types missing a zone or with spot), one to
/// three NodePools (taints, zone / capacity-type / open custom-key requirements, minValues, resource and node limits),
/// DaemonSets (some with host ports), existing nodes with bound pods, and apps whose pods combine selectors, node
/// affinity and preferences, tolerations, pod (anti-)affinity and topology spread (with minDomains) on hostname, zone,
/// capacity type, NodePool, a NodePool's own key and keys instance types define (architecture, family, the type; some
/// catalogs have arm64 types), and host ports. Those last draws come from a second generator, so the inputs of seeds
/// kept as regression cases before they were added stay the same in everything else; likewise a third draws the
/// namespaces' labels (or none) and pod (anti-)affinity terms with a namespace selector.
/// </summary>
internal static class RandomInputs
{
    private static readonly string[] Zones = TestCatalog.Zones;
    private static readonly string[] Cpus = ["100m", "250m", "500m", "1", "1500m", "3", "6"];
    private static readonly string[] Memories = ["128Mi", "512Mi", "1Gi", "3Gi", "6Gi", "14Gi"];
    private static readonly string[] Teams = ["a", "b", "c"];
    private static readonly string[] Tiers = ["front", "back"];

    public static PlanInput Generate(int seed)
    {
        var random = new Random(seed);
        var typeKeys = new Random(unchecked((seed * 7919) + 17));
        var scoped = new Random(unchecked((seed * 104729) + 29));
        var preferred = new Random(unchecked((seed * 15485863) + 31));
        var catalog = Catalog(random);
        if (typeKeys.Next(2) == 0)
        {
            catalog = new InstanceCatalog([.. catalog.InstanceTypes,
                TestCatalog.Type("mg.large", 2, 8, 0.085m, arch: "arm64"), TestCatalog.Type("mg.xlarge", 4, 16, 0.17m, spotPrice: 0.07m, arch: "arm64")]);
        }

        var pools = Enumerable.Range(0, random.Next(1, 4)).Select(i => Pool(random, i)).ToList();
        var daemons = Enumerable.Range(0, random.Next(0, 3)).Select(i => Daemon(random, i)).ToList();
        var apps = Enumerable.Range(0, random.Next(1, 7)).Select(i => App(random, typeKeys, scoped, preferred, i, pools)).ToList();
        var nodes = Enumerable.Range(0, random.Next(0, 3)).Select(i => Existing(random, i, catalog, pools)).ToList();
        var pods = apps.SelectMany(a => a).ToList();
        var namespaceLabels = scoped.Next(2) == 0 ? null : new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["default"] = new Dictionary<string, string> { ["tier"] = Tiers[scoped.Next(Tiers.Length)] },
            ["other"] = new Dictionary<string, string> { ["tier"] = Tiers[scoped.Next(Tiers.Length)] },
            ["kube-system"] = new Dictionary<string, string>(),
        };
        return new PlanInput { Pods = pods, Nodes = nodes, NodePools = pools, DaemonSetPods = daemons, Catalog = catalog, NamespaceLabels = namespaceLabels };
    }

    private static InstanceCatalog Catalog(Random random)
    {
        var types = new List<InstanceType>
        {
            TestCatalog.Type("m.large", 2, 8, 0.10m),
            TestCatalog.Type("m.xlarge", 4, 16, 0.20m, spotPrice: 0.08m),
            TestCatalog.Type("m.2xlarge", 8, 32, 0.40m),
            TestCatalog.Type("c.xlarge", 4, 8, 0.17m, spotPrice: 0.07m),
            TestCatalog.Type("c.2xlarge", 8, 16, 0.34m),
            TestCatalog.Type("r.xlarge", 4, 32, 0.26m),
            TestCatalog.Type("t.small", 2, 4, 0.05m, maxPods: 8),
            TestCatalog.Type("g.xlarge", 4, 16, 0.50m, gpus: 1),
        };

        // Some types are missing in a zone, some spot offerings exist in one zone only.
        for (var i = 0; i < types.Count; i++)
        {
            if (random.Next(4) == 0)
            {
                var missing = Zones[random.Next(Zones.Length)];
                types[i] = types[i] with { Offerings = [.. types[i].Offerings.Where(o => o.Zone != missing)] };
            }
            else if (random.Next(4) == 0)
            {
                var only = Zones[random.Next(Zones.Length)];
                types[i] = types[i] with { Offerings = [.. types[i].Offerings.Where(o => o.CapacityType == CapacityTypes.OnDemand || o.Zone == only)] };
            }
        }

        return new InstanceCatalog(types.Where(t => t.Offerings.Count > 0));
    }

    private static NodePool Pool(Random random, int index)
    {
        var requirements = new List<Requirement>();
        if (random.Next(4) == 0)
        {
            requirements.Add(Requirement.In(WellKnownLabels.Zone, [.. Zones.Where(_ => random.Next(3) > 0).DefaultIfEmpty(Zones[0])]));
        }

        requirements.Add(random.Next(3) == 0
            ? Requirement.In(WellKnownLabels.CapacityType, CapacityTypes.Spot, CapacityTypes.OnDemand)
            : Requirement.In(WellKnownLabels.CapacityType, CapacityTypes.OnDemand));
        if (random.Next(3) == 0)
        {
            requirements.Add(Requirement.In("team", Teams));
        }

        if (random.Next(5) == 0)
        {
            requirements.Add(Requirement.Create(WellKnownLabels.InstanceFamily, Operators.Exists, [], minValues: random.Next(2, 4)));
        }

        var limits = new Dictionary<string, string>();
        if (random.Next(4) == 0)
        {
            limits["cpu"] = random.Next(8, 64).ToString(CultureInfo.InvariantCulture);
        }

        if (random.Next(5) == 0)
        {
            limits["nodes"] = random.Next(1, 6).ToString(CultureInfo.InvariantCulture);
        }

        return new NodePool
        {
            Name = $"pool-{index}",
            Weight = random.Next(3) * 10,
            Requirements = RequirementSet.Of(requirements),
            Taints = random.Next(4) == 0 ? [new Taint("dedicated", $"pool-{index}", random.Next(3) switch { 0 => "NoSchedule", 1 => "NoExecute", _ => "PreferNoSchedule" })] : [],
            Labels = random.Next(5) == 0 ? new Dictionary<string, string> { ["env"] = "prod" } : new Dictionary<string, string>(),
            Limits = limits.Count > 0 ? ResourceList.Parse(limits) : null,
        };
    }

    private static Pod Daemon(Random random, int index)
    {
        var builder = new PendingPodBuilder($"ds-{index}", "kube-system").Cpu(Cpus[random.Next(3)]).Memory(Memories[random.Next(2)]);
        if (random.Next(2) == 0)
        {
            builder = builder.Tolerate("dedicated");
        }

        var pod = builder.Build() with { OwnerKind = "DaemonSet" };
        return random.Next(3) == 0 ? pod with { HostPorts = [new HostPort("TCP", "", 9100)] } : pod;
    }

    private static List<Pod> App(Random random, Random typeKeys, Random scoped, Random preferred, int index, List<NodePool> pools)
    {
        var name = $"app{index}";
        var ns = random.Next(4) == 0 ? "other" : "default";
        var count = random.Next(8) == 0 ? random.Next(10, 40) : random.Next(1, 9);
        var cpu = Cpus[random.Next(Cpus.Length)];
        var memory = Memories[random.Next(Memories.Length)];
        var priority = random.Next(4) == 0 ? 100 : 0;
        var ports = random.Next(8) == 0 ? new List<HostPort> { new("TCP", "", random.Next(2) == 0 ? 8080 : 9100) } : [];
        var actions = new List<Func<PendingPodBuilder, PendingPodBuilder>>();
        void Maybe(int oneIn, Func<PendingPodBuilder, PendingPodBuilder> action)
        {
            if (random.Next(oneIn) == 0)
            {
                actions.Add(action);
            }
        }

        var zone = Zones[random.Next(Zones.Length)];
        var team = Teams[random.Next(Teams.Length)];
        var other = $"app{random.Next(Math.Max(1, index))}";
        var tolerated = pools[random.Next(pools.Count)].Name;
        var skew = random.Next(1, 3);
        int? minDomains = random.Next(3) == 0 ? random.Next(2, 5) : null;
        Maybe(7, b => b.NodeSelector(WellKnownLabels.Zone, zone));
        Maybe(7, b => b.NodeAffinity(WellKnownLabels.Zone, "In", zone, Zones[(Array.IndexOf(Zones, zone) + 1) % Zones.Length]));
        Maybe(5, b => b.NodeSelector("team", team));
        Maybe(10, b => b.NodeSelector(WellKnownLabels.CapacityType, CapacityTypes.Spot));
        Maybe(3, b => b.Tolerate("dedicated", tolerated));
        Maybe(5, b => b.AntiAffinity("app", name));
        Maybe(12, b => b.AntiAffinity("app", name, WellKnownLabels.Zone));
        Maybe(10, b => b.Affinity("app", name));
        Maybe(20, b => b.Affinity("app", name, WellKnownLabels.Hostname));
        Maybe(10, b => b.Affinity("app", other));
        Maybe(12, b => b.AntiAffinity("app", other));
        Maybe(5, b => b.Spread("app", name, maxSkew: skew, minDomains: minDomains));
        Maybe(10, b => b.Spread("app", name, WellKnownLabels.Hostname, maxSkew: skew));
        Maybe(15, b => b.Spread("app", name, WellKnownLabels.CapacityType));
        Maybe(10, b => b.Spread("app", name, hard: false));
        var preferredZone = Zones[random.Next(Zones.Length)];
        var weight = random.Next(1, 101);
        Maybe(5, b => b.Prefer(weight, WellKnownLabels.Zone, "In", preferredZone));
        Maybe(10, b => b.Prefer(101 - weight, WellKnownLabels.CapacityType, "In", CapacityTypes.Spot));
        Maybe(10, b => b.Prefer(weight, "team", "In", team));
        Maybe(12, b => b.Spread("app", name, "team", maxSkew: skew));
        Maybe(15, b => b.AntiAffinity("app", name, "team"));
        Maybe(15, b => b.Affinity("app", other, "karpenter.sh/capacity-type"));
        Maybe(20, b => b.Spread("app", name, WellKnownLabels.NodePool));
        Maybe(30, b => b.Spread("app", name, WellKnownLabels.Arch));
        void MaybeTypeKey(int oneIn, Func<PendingPodBuilder, PendingPodBuilder> action)
        {
            if (typeKeys.Next(oneIn) == 0)
            {
                actions.Add(action);
            }
        }

        var typeSkew = typeKeys.Next(1, 3);
        MaybeTypeKey(10, b => b.NodeSelector(WellKnownLabels.Arch, "arm64"));
        MaybeTypeKey(10, b => b.Spread("app", name, WellKnownLabels.Arch, maxSkew: typeSkew));
        MaybeTypeKey(15, b => b.Spread("app", name, WellKnownLabels.InstanceType, maxSkew: typeSkew));
        MaybeTypeKey(15, b => b.Spread("app", name, "karpenter.k8s.aws/instance-family"));
        MaybeTypeKey(15, b => b.AntiAffinity("app", name, WellKnownLabels.Arch));
        MaybeTypeKey(12, b => b.Affinity("app", other, WellKnownLabels.Arch));
        MaybeTypeKey(15, b => b.AntiAffinity("app", other, WellKnownLabels.InstanceFamily));
        MaybeTypeKey(20, b => b.Affinity("app", name, WellKnownLabels.InstanceType));
        // Preferred pod terms, from a stream of their own so that earlier seeds keep their inputs: required of their
        // own pods until relaxed, never a constraint on others, so the checker (which reads none) must still pass.
        void MaybePreferred(int oneIn, Func<PendingPodBuilder, PendingPodBuilder> action)
        {
            if (preferred.Next(oneIn) == 0)
            {
                actions.Add(action);
            }
        }

        var preferredWeight = preferred.Next(1, 101);
        MaybePreferred(6, b => b.PreferAntiAffinity(preferredWeight, "app", name));
        MaybePreferred(10, b => b.PreferAntiAffinity(101 - preferredWeight, "app", name, WellKnownLabels.Zone));
        MaybePreferred(10, b => b.PreferAffinity(preferredWeight, "app", other));
        MaybePreferred(15, b => b.PreferAffinity(preferredWeight, "app", name, WellKnownLabels.Hostname));
        MaybePreferred(20, b => b.PreferAntiAffinity(preferredWeight, "app", other, "team"));
        // A term over other apps in the namespaces of one tier (by label, or by the automatic name label), or all.
        var namespaceSelector = scoped.Next(4) switch
        {
            0 => new LabelSelector(new Dictionary<string, string>(), []),
            1 => new LabelSelector(new Dictionary<string, string> { ["kubernetes.io/metadata.name"] = "other" }, []),
            var t => new LabelSelector(new Dictionary<string, string> { ["tier"] = Tiers[t - 2] }, []),
        };
        var target = new LabelSelector(new Dictionary<string, string> { ["app"] = $"app{scoped.Next(Math.Max(1, index + 1))}" }, []);
        var scopedAnti = scoped.Next(5) == 0 ? new PodAffinityTerm(target, scoped.Next(2) == 0 ? WellKnownLabels.Hostname : WellKnownLabels.Zone, [], namespaceSelector) : null;
        var scopedAffinity = scoped.Next(10) == 0 ? new PodAffinityTerm(target, WellKnownLabels.Zone, scoped.Next(2) == 0 ? ["default"] : [], namespaceSelector) : null;
        return [.. Enumerable.Range(0, count).Select(i =>
        {
            var builder = new PendingPodBuilder($"{name}-{i}", ns).Cpu(cpu).Memory(memory).Label("app", name).Priority(priority);
            builder = actions.Aggregate(builder, (b, action) => action(b));
            var pod = builder.Build() with { HostPorts = ports };
            return pod with
            {
                RequiredPodAntiAffinity = scopedAnti is null ? pod.RequiredPodAntiAffinity : [.. pod.RequiredPodAntiAffinity, scopedAnti],
                RequiredPodAffinity = scopedAffinity is null ? pod.RequiredPodAffinity : [.. pod.RequiredPodAffinity, scopedAffinity],
            };
        })];
    }

    private static ExistingNode Existing(Random random, int index, InstanceCatalog catalog, List<NodePool> pools)
    {
        var type = catalog.InstanceTypes[random.Next(catalog.InstanceTypes.Count)];
        var offering = type.Offerings[random.Next(type.Offerings.Count)];
        var labels = new Dictionary<string, string>(type.Labels)
        {
            [WellKnownLabels.Zone] = offering.Zone,
            [WellKnownLabels.CapacityType] = offering.CapacityType,
            [WellKnownLabels.Hostname] = $"node-{index}",
        };
        if (random.Next(2) == 0)
        {
            labels[WellKnownLabels.NodePool] = pools[random.Next(pools.Count)].Name;
        }

        if (random.Next(3) == 0)
        {
            labels["team"] = Teams[random.Next(Teams.Length)];
        }

        var node = new Node { Name = $"node-{index}", Labels = labels, Allocatable = type.Allocatable };
        var bound = Enumerable.Range(0, random.Next(0, 4))
            .Select(i => new PendingPodBuilder($"bound-{index}-{i}").Cpu("500m").Memory("1Gi").Label("app", $"app{random.Next(4)}").Build() with { NodeName = node.Name, Phase = "Running" })
            .ToList();
        return new ExistingNode(node, bound);
    }
}
