using System.Globalization;
using System.Text.Json.Nodes;

namespace Extender.Sandbox.Kubernetes.Lifecycle;

/// <summary>
/// Deletion as kube-apiserver and the garbage collector carry it out. An object with finalizers is only marked
/// (<c>deletionTimestamp</c>) and goes when an update empties them. A pod bound to a node is deleted gracefully: the
/// DELETE sets <c>deletionTimestamp</c> and <c>deletionGracePeriodSeconds</c> (the request's, else
/// <c>spec.terminationGracePeriodSeconds</c>, else 30), and the kubelet's DELETE with grace 0 removes it; unbound or
/// finished pods go at once. Owner references: Background removes the owner and then collects its dependents,
/// Foreground holds the owner (finalizer <c>foregroundDeletion</c>) until its dependents are gone, Orphan strips the
/// dependents' references to it. The collector runs inline, so dependents are gone when the DELETE returns.
/// </summary>
internal sealed class Deletion(ObjectStore store, TimeProvider time)
{
    private const string Foreground = "foregroundDeletion";

    /// <returns>The object as deleted (or marked), and whether it is gone.</returns>
    public (StoredObject Object, bool Removed) Delete(ApiResource resource, string? ns, string name, DeleteOptions options)
    {
        var current = store.Get(resource, ns, name);
        var obj = current.ToJsonObject();
        var metadata = (JsonObject)obj["metadata"]!;
        CheckPreconditions(resource, name, current, options);
        var grace = GracePeriod(resource, obj, options);
        if (options.DryRun)
        {
            return (current, true);
        }

        if (metadata["deletionTimestamp"] is not null)
        {
            return Redelete(resource, ns, name, current, grace);
        }

        if (options.PropagationPolicy == "Orphan")
        {
            Orphan(current.Uid);
        }

        var finalizers = Finalizers(obj);
        if (options.PropagationPolicy == "Foreground" && store.Dependents(current.Uid).Count > 0)
        {
            finalizers.Add(Foreground);
        }

        if (finalizers.Count == 0 && grace == 0)
        {
            return (Remove(resource, ns, name), true);
        }

        var marked = store.Update(resource, ns, name, o =>
        {
            var m = (JsonObject)o["metadata"]!;
            m["deletionTimestamp"] = Timestamp(time.GetUtcNow().AddSeconds(grace));
            m["deletionGracePeriodSeconds"] = grace;
            m["finalizers"] = new JsonArray([.. finalizers.Select(f => (JsonNode)f)]);
            return o;
        }, _ => null);
        if (finalizers.Contains(Foreground))
        {
            foreach (var (dependentResource, dependent) in store.Dependents(current.Uid))
            {
                TryDelete(dependentResource, dependent, DeleteOptions.Background with { PropagationPolicy = "Foreground" });
            }

            return (store.Find(resource, ns, name) ?? marked, store.Find(resource, ns, name) is null);
        }

        return (marked, false);
    }

    /// <summary>
    /// A dependent created after its owners were deleted, or while they wait in foreground deletion (a ReplicaSet
    /// controller acting on a stale informer does this), is collected at once, as the garbage collector does when it
    /// finds an object whose owners are all gone or going; it would otherwise outlive them for ever.
    /// </summary>
    public void Created(ApiResource resource, StoredObject created)
    {
        var references = created.ToJsonObject()["metadata"]?["ownerReferences"] as JsonArray ?? [];
        if (references.Count == 0)
        {
            return;
        }

        var owners = references.Select(r => (Reference: r, Owner: FindOwner(r, created.Namespace).Item2)).ToList();
        var live = owners.Any(o => o.Owner is { } owner && owner.Uid == (string?)o.Reference?["uid"] && owner.ToJsonObject()["metadata"]?["deletionTimestamp"] is null);
        if (live)
        {
            return;
        }

        var foreground = owners.Any(o => o.Owner is { } owner && Finalizers(owner.ToJsonObject()).Contains(Foreground));
        TryDelete(resource, created, foreground ? DeleteOptions.Background with { PropagationPolicy = "Foreground" } : DeleteOptions.Background);
    }

    /// <summary>After any update: an object marked for deletion whose finalizers are now empty goes (a graceful pod waits for its kubelet).</summary>
    public void Updated(ApiResource resource, StoredObject updated)
    {
        var obj = updated.ToJsonObject();
        if (obj["metadata"]?["deletionTimestamp"] is null || Finalizers(obj).Count > 0)
        {
            return;
        }

        if (resource == ApiResources.Pods && (long?)obj["metadata"]?["deletionGracePeriodSeconds"] > 0)
        {
            return;
        }

        try
        {
            Remove(resource, updated.Namespace, updated.Name);
        }
        catch (ApiException e) when (e.Code == 404)
        {
            // Someone else finished it first.
        }
    }

    private (StoredObject, bool) Redelete(ApiResource resource, string? ns, string name, StoredObject current, long grace)
    {
        var obj = current.ToJsonObject();
        if (Finalizers(obj).Count == 0 && grace == 0)
        {
            return (Remove(resource, ns, name), true);
        }

        // A shorter grace period than the pending one takes over, as when an operator forces a stuck pod.
        if (resource == ApiResources.Pods && grace < ((long?)obj["metadata"]?["deletionGracePeriodSeconds"] ?? long.MaxValue))
        {
            return (store.Update(resource, ns, name, o =>
            {
                o["metadata"]!["deletionTimestamp"] = Timestamp(time.GetUtcNow().AddSeconds(grace));
                o["metadata"]!["deletionGracePeriodSeconds"] = grace;
                return o;
            }, _ => null), false);
        }

        return (current, false);
    }

    private StoredObject Remove(ApiResource resource, string? ns, string name)
    {
        if (resource == ApiResources.Namespaces)
        {
            // The namespace controller's work, done at once: everything in the namespace goes with it.
            foreach (var contained in ApiResources.All.Where(r => r.Namespaced && r.ViewOf is null && r.Verbs.Contains("get")))
            {
                foreach (var item in store.List(contained, name, LabelSelector.Everything, FieldSelector.Everything).Items)
                {
                    TryDelete(contained, item, DeleteOptions.Background with { GracePeriodSeconds = 0 });
                }
            }
        }

        var removed = store.Delete(resource, ns, name);
        Collect(removed);
        ReleaseForegroundOwners(removed, ns);
        return removed;
    }

    /// <summary>The garbage collector's Background step: dependents left without any owner that still exists are deleted.</summary>
    private void Collect(StoredObject owner)
    {
        foreach (var (resource, dependent) in store.Dependents(owner.Uid))
        {
            var obj = dependent.ToJsonObject();
            var others = (obj["metadata"]?["ownerReferences"] as JsonArray ?? []).Where(r => (string?)r?["uid"] != owner.Uid && OwnerExists(r, dependent.Namespace)).ToList();
            if (others.Count > 0)
            {
                store.Update(resource, dependent.Namespace, dependent.Name, o =>
                {
                    o["metadata"]!["ownerReferences"] = new JsonArray([.. others.Select(r => r!.DeepClone())]);
                    return o;
                }, _ => null);
            }
            else
            {
                TryDelete(resource, dependent, DeleteOptions.Background);
            }
        }
    }

    /// <summary>Owners waiting in foreground deletion lose their finalizer once their last dependent is gone.</summary>
    private void ReleaseForegroundOwners(StoredObject removed, string? ns)
    {
        foreach (var reference in (removed.ToJsonObject()["metadata"]?["ownerReferences"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (FindOwner(reference, ns) is not ({ } resource, { } owner)
                || !Finalizers(owner.ToJsonObject()).Contains(Foreground)
                || store.Dependents(owner.Uid).Count > 0)
            {
                continue;
            }

            var updated = store.Update(resource, owner.Namespace, owner.Name, o =>
            {
                o["metadata"]!["finalizers"] = new JsonArray([.. Finalizers(o).Where(f => f != Foreground).Select(f => (JsonNode)f)]);
                return o;
            }, _ => null);
            Updated(resource, updated);
        }
    }

    private void Orphan(string uid)
    {
        foreach (var (resource, dependent) in store.Dependents(uid))
        {
            store.Update(resource, dependent.Namespace, dependent.Name, o =>
            {
                var kept = (o["metadata"]?["ownerReferences"] as JsonArray ?? []).Where(r => (string?)r?["uid"] != uid).Select(r => r!.DeepClone()).ToList();
                if (kept.Count == 0)
                {
                    o["metadata"]!.AsObject().Remove("ownerReferences");
                }
                else
                {
                    o["metadata"]!["ownerReferences"] = new JsonArray([.. kept]);
                }

                return o;
            }, _ => null);
        }
    }

    private void TryDelete(ApiResource resource, StoredObject obj, DeleteOptions options)
    {
        try
        {
            Delete(resource, obj.Namespace, obj.Name, options);
        }
        catch (ApiException e) when (e.Code == 404)
        {
            // Already gone.
        }
    }

    private bool OwnerExists(JsonNode? reference, string? ns) => FindOwner(reference, ns) is (_, { } owner) && owner.Uid == (string?)reference?["uid"];

    private (ApiResource?, StoredObject?) FindOwner(JsonNode? reference, string? ns)
    {
        var resource = ApiResources.FindByKind((string?)reference?["apiVersion"] ?? "", (string?)reference?["kind"] ?? "");
        var name = (string?)reference?["name"];
        if (resource is null || name is null)
        {
            return (null, null);
        }

        return (resource, store.Find(resource, resource.Namespaced ? ns : null, name));
    }

    private static long GracePeriod(ApiResource resource, JsonObject obj, DeleteOptions options)
    {
        if (resource != ApiResources.Pods)
        {
            return 0;
        }

        var unbound = string.IsNullOrEmpty((string?)obj["spec"]?["nodeName"]);
        var finished = (string?)obj["status"]?["phase"] is "Succeeded" or "Failed";
        if (unbound || finished)
        {
            return 0;
        }

        var grace = options.GracePeriodSeconds ?? (long?)obj["spec"]?["terminationGracePeriodSeconds"] ?? 30;
        return grace < 0 ? 1 : grace;
    }

    private static void CheckPreconditions(ApiResource resource, string name, StoredObject current, DeleteOptions options)
    {
        if (options.PreconditionUid is { } uid && uid != current.Uid)
        {
            throw ApiException.Conflict(resource, name, $"Precondition failed: UID in precondition: {uid}, UID in object meta: {current.Uid}");
        }

        var version = current.ResourceVersion.ToString(CultureInfo.InvariantCulture);
        if (options.PreconditionResourceVersion is { } rv && rv != version)
        {
            throw ApiException.Conflict(resource, name, $"Precondition failed: ResourceVersion in precondition: {rv}, ResourceVersion in object meta: {version}");
        }
    }

    private static List<string> Finalizers(JsonObject obj) =>
        [.. (obj["metadata"]?["finalizers"] as JsonArray ?? []).Select(f => (string?)f ?? "").Where(f => f.Length > 0)];

    private static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
