using System.Globalization;
using Extender.Core.Catalog;
using Extender.Core.Cluster;
using Extender.Core.Planning;
using Extender.Core.Scheduling.Requirements;
using Extender.Kubernetes.CustomResources;
using Extender.Kubernetes.Mapping;
using k8s.Models;

namespace Extender.Planning;

/// <summary>
/// Turns the <c>plan</c> command's files into a <see cref="PlanInput"/>: pods and workloads expanded to pods,
/// DaemonSets as per-node overhead, Nodes with their bound pods as existing capacity, NodePools, and the catalog.
/// </summary>
internal static class PlanInputLoader
{
    /// <summary>Without <c>--nodepools</c>: every on-demand, linux instance type of the catalog.</summary>
    public static NodePool DefaultNodePool { get; } = new()
    {
        Name = "default",
        Requirements = RequirementSet.Of(
        [
            Requirement.In(WellKnownLabels.CapacityType, CapacityTypes.OnDemand),
            Requirement.In(WellKnownLabels.Os, "linux"),
        ]),
    };

    /// <summary>What pods that need spot are told when <c>plan</c> was given no spot prices.</summary>
    public const string NoSpotPrices = "plan was given no spot prices (--spot-prices FILE or --spot-discount FRACTION)";

    /// <param name="podsPath">A file, a directory, or <c>-</c> for standard input.</param>
    /// <param name="nodePoolsPath">NodePools; without it, <see cref="DefaultNodePool"/>.</param>
    /// <param name="catalogPath">An instance catalog; without it, the embedded one.</param>
    /// <param name="includeCronJobs">Plan one run of each CronJob (its job template); otherwise CronJobs are skipped,
    /// as objects without pods are, because nothing runs until the schedule fires.</param>
    /// <param name="skipped">Objects that carry no pods, named for the command's note.</param>
    /// <param name="spotPrices">Null: the catalog has no spot offerings (its data has none).</param>
    public static PlanInput Load(string podsPath, string? nodePoolsPath, string? catalogPath, bool includeCronJobs, List<string> skipped, SpotPriceSource? spotPrices = null)
    {
        // The catalog is independent of the manifests: read it while they are parsed.
        var catalog = Task.Run(() => catalogPath is null ? DefaultCatalog.Load(spotPrices) : LoadCatalog(catalogPath, spotPrices));
        var pending = new List<Pod>();
        var bound = new List<Pod>();
        var daemons = new List<Pod>();
        var nodes = new List<Node>();

        // Namespace objects, when given, are the cluster's namespaces: a pod affinity term's namespace selector picks among them by their labels.
        var namespaces = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var item in ManifestReader.Read(podsPath))
        {
            switch (item)
            {
                case SkippedObject s:
                    skipped.Add(s.Description);
                    break;
                case V1CronJob c when !includeCronJobs:
                    skipped.Add(Describe(c) + " (runs on a schedule; --include-cronjobs plans one run)");
                    break;
                case V1Namespace ns:
                    namespaces[ns.Metadata?.Name ?? ""] = NamespaceMapper.Labels(ns);
                    break;
                default:
                    Add(item, podsPath, pending, bound, daemons, nodes);
                    break;
            }
        }

        var pools = nodePoolsPath is null ? [DefaultNodePool] : LoadNodePools(nodePoolsPath);
        var byNode = bound.ToLookup(p => p.NodeName!, StringComparer.Ordinal);
        return new PlanInput
        {
            Pods = pending,
            Nodes = [.. nodes.Select(n => new ExistingNode(n, [.. byNode[n.Name]]))],
            NodePools = pools,
            DaemonSetPods = daemons,
            Catalog = catalog.GetAwaiter().GetResult(),
            NoSpotReason = spotPrices is null ? NoSpotPrices : null,
            NamespaceLabels = namespaces.Count > 0 ? namespaces : null,
        };
    }

    private static void Add(object item, string path, List<Pod> pending, List<Pod> bound, List<Pod> daemons, List<Node> nodes)
    {
        var what = Describe(item);
        try
        {
            switch (item)
            {
                case V1Pod pod:
                    AddPod(PodMapper.Map(pod), pending, bound);
                    break;
                case V1Deployment d:
                    pending.AddRange(Expand(d.Metadata, d.Spec?.Template, d.Spec?.Replicas ?? 1, "spec.replicas", i => $"{d.Metadata.Name}-{i}"));
                    break;
                case V1ReplicaSet r:
                    pending.AddRange(Expand(r.Metadata, r.Spec?.Template, r.Spec?.Replicas ?? 1, "spec.replicas", i => $"{r.Metadata.Name}-{i}"));
                    break;
                case V1StatefulSet s:
                    pending.AddRange(Expand(s.Metadata, s.Spec?.Template, s.Spec?.Replicas ?? 1, "spec.replicas", i => $"{s.Metadata.Name}-{i}"));
                    break;
                case V1Job j:
                    pending.AddRange(Expand(j.Metadata, j.Spec?.Template, j.Spec?.Parallelism ?? 1, "spec.parallelism", i => $"{j.Metadata.Name}-{i}"));
                    break;
                case V1CronJob c:
                    var job = c.Spec?.JobTemplate?.Spec;
                    pending.AddRange(Expand(c.Metadata, job?.Template, job?.Parallelism ?? 1, "spec.jobTemplate.spec.parallelism", i => $"{c.Metadata.Name}-{i}"));
                    break;
                case V1DaemonSet ds:
                    daemons.AddRange(Expand(ds.Metadata, ds.Spec?.Template, 1, "", _ => ds.Metadata.Name));
                    break;
                case V1Node node:
                    nodes.Add(NodeMapper.Map(node));
                    break;
                default:
                    throw new FormatException($"kind {what} is not accepted in --pods (Pods, Deployments, ReplicaSets, StatefulSets, Jobs, DaemonSets, Nodes, Namespaces)");
            }
        }
        catch (FormatException e)
        {
            throw new PlanInputException($"{path}: {what}: {e.Message}", e);
        }
    }

    private static void AddPod(Pod pod, List<Pod> pending, List<Pod> bound)
    {
        if (pod.IsFinished)
        {
            return;
        }

        if (pod.NodeName is not null)
        {
            bound.Add(pod);
        }
        else if (pod.OwnerKind != "DaemonSet")
        {
            // A pending DaemonSet pod waits for its node; the DaemonSet itself is overhead on new nodes.
            pending.Add(pod);
        }
    }

    private static IEnumerable<Pod> Expand(V1ObjectMeta? meta, V1PodTemplateSpec? template, int count, string countField, Func<int, string> name)
    {
        if (string.IsNullOrEmpty(meta?.Name))
        {
            throw new FormatException("metadata.name: is required");
        }

        if (template is null)
        {
            throw new FormatException("spec.template: is required");
        }

        if (count < 0)
        {
            throw new FormatException($"{countField}: {count} is negative");
        }

        var ns = meta.NamespaceProperty ?? "default";
        return Enumerable.Range(0, count).Select(i => PodMapper.FromTemplate(template, ns, name(i), $"{ns}/{name(i)}"));
    }

    public static List<NodePool> LoadNodePools(string path)
    {
        var pools = new List<NodePool>();
        foreach (var item in ManifestReader.Read(path))
        {
            var what = Describe(item);
            if (item is not NodePoolResource resource)
            {
                throw new PlanInputException($"{path}: {what}: only NodePools ({NodePoolResource.Group}/{NodePoolResource.Version} or {NodePoolResource.KarpenterApiVersion}) are accepted in --nodepools");
            }

            try
            {
                pools.Add(NodePoolMapper.Map(resource));
            }
            catch (FormatException e)
            {
                throw new PlanInputException($"{path}: {what}: {e.Message}", e);
            }
        }

        var duplicate = pools.GroupBy(p => p.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null ? pools : throw new PlanInputException($"{path}: NodePool {duplicate.Key} is defined more than once");
    }

    private static InstanceCatalog LoadCatalog(string path, SpotPriceSource? spotPrices)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return CatalogLoader.Load(stream, spotPrices);
        }
        catch (CatalogFormatException e)
        {
            throw new PlanInputException($"{path}: {e.Message}", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PlanInputException($"{path}: cannot read the file: {e.Message}", e);
        }
    }

    private static string Describe(object item) => item switch
    {
        k8s.IKubernetesObject<V1ObjectMeta> o when o.Metadata?.NamespaceProperty is { Length: > 0 } ns =>
            string.Create(CultureInfo.InvariantCulture, $"{o.Kind} {ns}/{o.Metadata.Name}"),
        k8s.IKubernetesObject<V1ObjectMeta> o => $"{o.Kind} {o.Metadata?.Name}",
        _ => item.GetType().Name,
    };
}
