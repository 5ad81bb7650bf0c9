using System.Globalization;
using k8s;
using k8s.Models;

namespace Extender.Sandbox.Controllers;

/// <summary>
/// kube-controller-manager's Deployment controller: one ReplicaSet per pod template, named
/// <c>DEPLOYMENT-HASH</c> with the <c>pod-template-hash</c> label on itself, its selector and its template; the
/// current one scaled to <c>spec.replicas</c>, through a rolling update (maxSurge/maxUnavailable) or a recreate when
/// the template changes; status summed over the ReplicaSets. Not modelled: pause, rollback, revision history limits,
/// progress deadlines, proportional scaling of a rollout in progress, hash collisions (collisionCount is read, never raised).
/// </summary>
internal sealed class DeploymentController(ControllerContext context)
{
    private const string RevisionAnnotation = "deployment.kubernetes.io/revision";
    private const string DesiredReplicasAnnotation = "deployment.kubernetes.io/desired-replicas";
    private const string MaxReplicasAnnotation = "deployment.kubernetes.io/max-replicas";

    public WorkQueue Queue { get; } = new(context.Time);

    public void OnDeployment(V1Deployment? old, V1Deployment? current) => Queue.Add(ObjectCache<V1Deployment>.Key(current ?? old!));

    public void OnReplicaSet(V1ReplicaSet? old, V1ReplicaSet? current)
    {
        if (Owners.ControllerKey((current ?? old)?.Metadata, "Deployment") is { } key)
        {
            Queue.Add(key);
        }
    }

    public async Task SyncAsync(string key, CancellationToken cancellationToken)
    {
        if (context.Deployments.Get(key) is not { } deployment || deployment.Metadata.DeletionTimestamp is not null)
        {
            return;
        }

        var ns = deployment.Metadata.NamespaceProperty;
        var owned = context.ReplicaSets.Values.Where(rs => rs.Metadata.NamespaceProperty == ns && Owners.IsControlledBy(rs.Metadata, deployment.Metadata)).ToList();
        var hash = PodTemplateHash.Compute(deployment.Spec.Template, deployment.Status?.CollisionCount);
        var current = owned.FirstOrDefault(rs => rs.Metadata.Labels?.TryGetValue(PodTemplateHash.Label, out var h) == true && h == hash);
        var olds = owned.Where(rs => rs != current).OrderBy(rs => rs.Metadata.CreationTimestamp).ThenBy(rs => rs.Metadata.Name, StringComparer.Ordinal).ToList();
        var replicas = deployment.Spec.Replicas ?? 1;

        if (deployment.Spec.Strategy?.Type == "Recreate")
        {
            await RecreateAsync(deployment, hash, current, olds, replicas, cancellationToken);
        }
        else
        {
            await RollAsync(deployment, hash, current, olds, replicas, cancellationToken);
        }

        await UpdateStatusAsync(deployment, current, owned, cancellationToken);
    }

    private async Task RollAsync(V1Deployment deployment, string hash, V1ReplicaSet? current, List<V1ReplicaSet> olds, int replicas, CancellationToken cancellationToken)
    {
        var (maxSurge, maxUnavailable) = RollingUpdate.Fenceposts(deployment.Spec.Strategy?.RollingUpdate, replicas);
        var all = olds.Sum(Desired) + (current is null ? 0 : Desired(current));
        var currentReplicas = current is null ? 0 : Desired(current);
        var target = currentReplicas >= replicas ? replicas : RollingUpdate.NewReplicas(replicas, maxSurge, all, currentReplicas);
        if (current is null)
        {
            await CreateReplicaSetAsync(deployment, hash, target, olds, maxSurge, cancellationToken);
            return;
        }

        if (target != Desired(current))
        {
            await ScaleAsync(current, target, replicas, maxSurge, cancellationToken);
            return;
        }

        var next = RollingUpdate.ScaleDownOld(
            replicas,
            maxUnavailable,
            Count(current),
            [.. olds.Select(Count)]);
        for (var i = 0; i < olds.Count; i++)
        {
            if (next[i].Replicas != Desired(olds[i]))
            {
                await ScaleAsync(olds[i], next[i].Replicas, replicas, maxSurge, cancellationToken);
            }
        }
    }

    private async Task RecreateAsync(V1Deployment deployment, string hash, V1ReplicaSet? current, List<V1ReplicaSet> olds, int replicas, CancellationToken cancellationToken)
    {
        foreach (var old in olds.Where(o => Desired(o) > 0))
        {
            await ScaleAsync(old, 0, replicas, 0, cancellationToken);
        }

        // Recreate starts the new pods only once every old one has gone.
        var oldPodsRunning = olds.Any(o => context.PodsControlledBy(o.Metadata.NamespaceProperty, o.Metadata).Any(p => p.Status?.Phase is not ("Succeeded" or "Failed")));
        var target = oldPodsRunning ? 0 : replicas;
        if (current is null)
        {
            await CreateReplicaSetAsync(deployment, hash, target, olds, 0, cancellationToken);
        }
        else if (!oldPodsRunning && Desired(current) != replicas)
        {
            await ScaleAsync(current, replicas, replicas, 0, cancellationToken);
        }
    }

    private async Task CreateReplicaSetAsync(V1Deployment deployment, string hash, int replicas, List<V1ReplicaSet> olds, int maxSurge, CancellationToken cancellationToken)
    {
        var template = ControllerContext.Clone(deployment.Spec.Template);
        template.Metadata ??= new V1ObjectMeta();
        template.Metadata.Labels = WithHash(template.Metadata.Labels, hash);
        var selector = ControllerContext.Clone(deployment.Spec.Selector);
        selector.MatchLabels = WithHash(selector.MatchLabels, hash);
        var revision = olds.Select(Revision).DefaultIfEmpty(0).Max() + 1;
        var rs = new V1ReplicaSet
        {
            ApiVersion = "apps/v1",
            Kind = "ReplicaSet",
            Metadata = new V1ObjectMeta
            {
                Name = deployment.Metadata.Name + "-" + hash,
                NamespaceProperty = deployment.Metadata.NamespaceProperty,
                Labels = WithHash(deployment.Spec.Template.Metadata?.Labels, hash),
                Annotations = new Dictionary<string, string>
                {
                    [RevisionAnnotation] = revision.ToString(CultureInfo.InvariantCulture),
                    [DesiredReplicasAnnotation] = (deployment.Spec.Replicas ?? 1).ToString(CultureInfo.InvariantCulture),
                    [MaxReplicasAnnotation] = ((deployment.Spec.Replicas ?? 1) + maxSurge).ToString(CultureInfo.InvariantCulture),
                },
                OwnerReferences = [Owners.Reference(deployment)],
            },
            Spec = new V1ReplicaSetSpec
            {
                Replicas = replicas,
                MinReadySeconds = deployment.Spec.MinReadySeconds,
                Selector = selector,
                Template = template,
            },
        };
        await context.CallAsync(token => context.Client.AppsV1.CreateNamespacedReplicaSetAsync(rs, rs.Metadata.NamespaceProperty, cancellationToken: token), cancellationToken);
    }

    private async Task ScaleAsync(V1ReplicaSet rs, int replicas, int desired, int maxSurge, CancellationToken cancellationToken)
    {
        var copy = ControllerContext.Clone(rs);
        copy.Spec.Replicas = replicas;
        copy.Metadata.Annotations ??= new Dictionary<string, string>();
        copy.Metadata.Annotations[DesiredReplicasAnnotation] = desired.ToString(CultureInfo.InvariantCulture);
        copy.Metadata.Annotations[MaxReplicasAnnotation] = (desired + maxSurge).ToString(CultureInfo.InvariantCulture);
        await context.CallAsync(token => context.Client.AppsV1.ReplaceNamespacedReplicaSetAsync(copy, rs.Metadata.Name, rs.Metadata.NamespaceProperty, cancellationToken: token), cancellationToken);
    }

    private async Task UpdateStatusAsync(V1Deployment deployment, V1ReplicaSet? current, List<V1ReplicaSet> owned, CancellationToken cancellationToken)
    {
        var replicas = deployment.Spec.Replicas ?? 1;
        var available = owned.Sum(rs => rs.Status?.AvailableReplicas ?? 0);
        var (_, maxUnavailable) = RollingUpdate.Fenceposts(deployment.Spec.Strategy?.RollingUpdate, replicas);
        var updated = current?.Status?.Replicas ?? 0;
        var total = owned.Sum(rs => rs.Status?.Replicas ?? 0);
        var status = new V1DeploymentStatus
        {
            ObservedGeneration = deployment.Metadata.Generation,
            Replicas = total,
            UpdatedReplicas = updated,
            ReadyReplicas = owned.Sum(rs => rs.Status?.ReadyReplicas ?? 0),
            AvailableReplicas = available,
            UnavailableReplicas = Math.Max(0, total - available),
            CollisionCount = deployment.Status?.CollisionCount,
        };
        var complete = updated == replicas && total == replicas && (current?.Status?.AvailableReplicas ?? 0) == replicas;
        status.Conditions =
        [
            Condition(deployment, "Available", available >= replicas - maxUnavailable, available >= replicas - maxUnavailable ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable", available >= replicas - maxUnavailable ? "Deployment has minimum availability." : "Deployment does not have minimum availability."),
            Condition(deployment, "Progressing", true, complete ? "NewReplicaSetAvailable" : "ReplicaSetUpdated", current is null ? "Deployment is creating its ReplicaSet." : complete ? $"ReplicaSet \"{current.Metadata.Name}\" has successfully progressed." : $"ReplicaSet \"{current.Metadata.Name}\" is progressing."),
        ];
        if (SameStatus(deployment.Status, status))
        {
            return;
        }

        var copy = ControllerContext.Clone(deployment);
        copy.Status = status;
        await context.CallAsync(token => context.Client.AppsV1.ReplaceNamespacedDeploymentStatusAsync(copy, deployment.Metadata.Name, deployment.Metadata.NamespaceProperty, cancellationToken: token), cancellationToken);
    }

    /// <summary>A condition that keeps its lastTransitionTime while its status stays the same.</summary>
    private V1DeploymentCondition Condition(V1Deployment deployment, string type, bool holds, string reason, string message)
    {
        var status = holds ? "True" : "False";
        var now = context.Time.GetUtcNow().UtcDateTime;
        var previous = deployment.Status?.Conditions?.FirstOrDefault(c => c.Type == type);
        var transition = previous?.Status == status ? previous.LastTransitionTime ?? now : now;
        var update = previous?.Status == status && previous.Reason == reason ? previous.LastUpdateTime ?? now : now;
        return new V1DeploymentCondition { Type = type, Status = status, Reason = reason, Message = message, LastTransitionTime = transition, LastUpdateTime = update };
    }

    private static bool SameStatus(V1DeploymentStatus? a, V1DeploymentStatus b) =>
        a is not null
        && (a.ObservedGeneration, a.Replicas ?? 0, a.UpdatedReplicas ?? 0, a.ReadyReplicas ?? 0, a.AvailableReplicas ?? 0, a.UnavailableReplicas ?? 0)
            == (b.ObservedGeneration, b.Replicas ?? 0, b.UpdatedReplicas ?? 0, b.ReadyReplicas ?? 0, b.AvailableReplicas ?? 0, b.UnavailableReplicas ?? 0)
        && b.Conditions.All(c => a.Conditions?.Any(p => p.Type == c.Type && p.Status == c.Status && p.Reason == c.Reason) == true);

    private static Dictionary<string, string> WithHash(IDictionary<string, string>? labels, string hash) =>
        new(labels ?? new Dictionary<string, string>(), StringComparer.Ordinal) { [PodTemplateHash.Label] = hash };

    private static int Desired(V1ReplicaSet rs) => rs.Spec.Replicas ?? 1;

    private static ReplicaCount Count(V1ReplicaSet rs) => new(rs.Metadata.Name, Desired(rs), rs.Status?.AvailableReplicas ?? 0);

    private static int Revision(V1ReplicaSet rs) =>
        int.TryParse(rs.Metadata.Annotations?.TryGetValue(RevisionAnnotation, out var text) == true ? text : null, NumberStyles.None, CultureInfo.InvariantCulture, out var revision) ? revision : 0;
}
