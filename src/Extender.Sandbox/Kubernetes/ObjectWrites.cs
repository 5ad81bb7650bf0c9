using System.Globalization;
using System.Text.Json.Nodes;
using Extender.Sandbox.Demo;
using Extender.Sandbox.Kubernetes.Lifecycle;
using Extender.Sandbox.Kubernetes.Patching;
using Extender.Sandbox.Kubernetes.Rbac;
using Extender.Sandbox.Kubernetes.Validation;
using Microsoft.AspNetCore.Http;

namespace Extender.Sandbox.Kubernetes;

/// <summary>
/// The mutating verbs as kube-apiserver serves them: create (namespace must exist), replace, the four patch types
/// (JSON, merge, strategic merge for built-in kinds, server-side apply), delete and delete-collection with their
/// options, and the status, scale, binding and token subresources. Every one validates (<see cref="ObjectValidator"/>)
/// and honours <c>dryRun=All</c> by computing the answer without storing anything.
/// </summary>
internal sealed class ObjectWrites(ObjectStore store, ObjectValidator validator, Deletion deletion, TokenAuthenticator tokens, StoredRbacPolicy rbac, TimeProvider time)
{
    public async Task CreateAsync(HttpContext context, ResourcePath target)
    {
        var body = await ReadObjectAsync(context);
        CheckKind(target.Resource, body);
        if (target.Resource.Namespaced)
        {
            var bodyNamespace = (string?)body["metadata"]?["namespace"];
            if (target.Namespace is null || (!string.IsNullOrEmpty(bodyNamespace) && bodyNamespace != target.Namespace))
            {
                throw ApiException.BadRequest($"the namespace of the object ({bodyNamespace}) does not match the namespace of the request ({target.Namespace})");
            }

            RequireExistingNamespace(target.Namespace);
        }

        validator.Create(target.Resource, body, Strict(context));
        if (target.Resource == ApiResources.Pods)
        {
            // As the pod strategy's PrepareForCreate: a new pod is Pending until a kubelet says otherwise.
            body["status"] = new JsonObject { ["phase"] = "Pending" };
        }

        await Responses.ObjectAsync(context, 201, target.Resource, Created(target.Resource, store.Create(target.Resource, target.Namespace, body, DryRun(context)), DryRun(context)), time);
    }

    /// <summary>A new object whose owners are all gone or going is the garbage collector's at once (see <see cref="Deletion.Created"/>).</summary>
    private StoredObject Created(ApiResource resource, StoredObject created, bool dryRun)
    {
        if (!dryRun)
        {
            deletion.Created(resource, created);
        }

        return created;
    }

    public async Task ReplaceAsync(HttpContext context, ResourcePath target)
    {
        var body = await ReadObjectAsync(context);
        CheckKind(target.Resource, body);
        var bodyName = (string?)body["metadata"]?["name"];
        if (bodyName is not null && bodyName != target.Name)
        {
            throw ApiException.BadRequest($"the name of the object ({bodyName}) does not match the name in the URL ({target.Name})");
        }

        var updated = Update(context, target, _ => body, ExpectedResourceVersion);
        await Responses.ObjectAsync(context, 200, target.Resource, updated, time);
    }

    public async Task PatchAsync(HttpContext context, ResourcePath target)
    {
        var contentType = (context.Request.ContentType ?? "").Split(';')[0].Trim();
        var text = await ReadTextAsync(context);
        var resource = target.Resource;
        if (contentType == "application/apply-patch+yaml")
        {
            await ApplyAsync(context, target, text);
            return;
        }

        Func<JsonObject, JsonObject> patch = contentType switch
        {
            "application/json-patch+json" => current => JsonPatch.Apply(current, text),
            "application/merge-patch+json" => current => MergePatched(current, text),
            "application/strategic-merge-patch+json" when resource.Definition is null => current => StrategicMergePatched(current, text),
            "application/strategic-merge-patch+json" => throw new ApiException(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml"),
            _ => throw new ApiException(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json"),
        };
        var updated = Update(context, target, patch, ExpectedResourceVersion);
        await Responses.ObjectAsync(context, 200, target.Resource, updated, time);
    }

    public async Task DeleteAsync(HttpContext context, ResourcePath target)
    {
        var options = DeleteOptions.From(context.Request.Query, await ReadOptionalObjectAsync(context));
        var (deleted, removed) = deletion.Delete(target.Resource, RequireNamespace(target), target.Name!, options);

        // Objects still being deleted, pods and our own kinds answer with the object; the rest with a Status, as the typed client methods expect.
        if (!removed || target.Resource == ApiResources.Pods || target.Resource.Group == ApiResources.ProvisioningGroup)
        {
            await Responses.ObjectAsync(context, 200, target.Resource, deleted, time);
        }
        else
        {
            await Responses.JsonAsync(context, 200, StatusBody.Success(target.Resource, target.Name!));
        }
    }

    public async Task DeleteCollectionAsync(HttpContext context, ResourcePath target)
    {
        var options = DeleteOptions.From(context.Request.Query, await ReadOptionalObjectAsync(context));
        var query = context.Request.Query;
        var (items, _) = store.List(target.Resource, target.Namespace, LabelSelector.Parse(query["labelSelector"]), FieldSelector.Parse(query["fieldSelector"]));
        foreach (var item in items)
        {
            try
            {
                deletion.Delete(target.Resource, item.Namespace, item.Name, options);
            }
            catch (ApiException e) when (e.Code == 404)
            {
                // Collected with an owner deleted before it.
            }
        }

        await Responses.JsonAsync(context, 200, new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Success",
        });
    }

    /// <summary>The <c>scale</c> subresource: an <c>autoscaling/v1 Scale</c> over <c>spec.replicas</c>, read, replaced or patched.</summary>
    public async Task ScaleAsync(HttpContext context, ResourcePath target)
    {
        var ns = RequireNamespace(target);
        var method = context.Request.Method;
        if (method == "GET")
        {
            await Responses.JsonAsync(context, 200, Scale(store.Get(target.Resource, ns, target.Name!)));
            return;
        }

        if (method is not ("PUT" or "PATCH"))
        {
            throw new ApiException(405, "MethodNotAllowed", $"{method} is not supported on {context.Request.Path}");
        }

        var contentType = (context.Request.ContentType ?? "").Split(';')[0].Trim();
        var text = await ReadTextAsync(context);
        var updated = Update(context, target with { Subresource = null }, current =>
        {
            var scale = Scale(StoredObject.From((JsonObject)current.DeepClone(), 0));
            JsonObject next;
            if (method == "PUT")
            {
                next = ParseObject(text);
            }
            else if (contentType == "application/json-patch+json")
            {
                next = JsonPatch.Apply(scale, text);
            }
            else
            {
                next = scale;
                JsonMergePatch.Apply(next, ParseObject(text));
            }

            var replicas = (long?)next["spec"]?["replicas"] ?? throw FieldError.Invalid(target.Resource, target.Name!, [FieldError.Required("spec.replicas")]);
            if (current["spec"] is not JsonObject spec)
            {
                spec = [];
                current["spec"] = spec;
            }

            spec["replicas"] = replicas;
            return current;
        }, _ => null);
        await Responses.JsonAsync(context, 200, Scale(updated));
    }

    public async Task BindAsync(HttpContext context, ResourcePath target)
    {
        var binding = await ReadObjectAsync(context);
        var nodeName = (string?)binding["target"]?["name"];
        if (string.IsNullOrEmpty(nodeName))
        {
            throw ApiException.BadRequest("target.name: Required value: a binding needs a target node");
        }

        // As the API server's BindingREST: the Binding's metadata.uid is a precondition on the pod, and a mismatch is a
        // 409 before anything is written.
        var uid = (string?)binding["metadata"]?["uid"];
        store.Update(target.Resource, RequireNamespace(target), target.Name!, pod =>
        {
            var actualUid = (string?)pod["metadata"]?["uid"];
            if (!string.IsNullOrEmpty(uid) && uid != actualUid)
            {
                throw ApiException.Conflict(target.Resource, target.Name!, $"StorageError: invalid object, Code: 4, AdditionalErrorMsg: Precondition failed: UID in precondition: {uid}, UID in object meta: {actualUid}");
            }

            var spec = pod["spec"] as JsonObject ?? [];
            var assigned = (string?)spec["nodeName"];
            if (!string.IsNullOrEmpty(assigned))
            {
                throw ApiException.Conflict(target.Resource, target.Name!, $"pod {target.Name} is already assigned to node \"{assigned}\"");
            }

            if (pod["metadata"]?["deletionTimestamp"] is not null)
            {
                throw ApiException.Conflict(target.Resource, target.Name!, $"pod {target.Name} is being deleted, cannot be assigned to a host");
            }

            spec["nodeName"] = nodeName;
            pod["spec"] = spec;
            MarkScheduled(pod);
            return pod;
        }, _ => null);
        await Responses.JsonAsync(context, 201, StatusBody.Success(target.Resource, target.Name!));
    }

    /// <summary>
    /// The Eviction API: <see cref="Eviction"/> spends the pod's disruption budget, then the pod is deleted as by a
    /// DELETE with the Eviction's <c>deleteOptions</c> (graceful for a bound pod), as kube-apiserver's eviction REST does.
    /// </summary>
    public async Task EvictAsync(HttpContext context, ResourcePath target)
    {
        var eviction = await ReadObjectAsync(context);
        var ns = RequireNamespace(target)!;
        var options = DeleteOptions.From(context.Request.Query, eviction["deleteOptions"] as JsonObject);
        new Eviction(store, time).Admit(ns, target.Name!, eviction, options.DryRun);
        deletion.Delete(target.Resource, ns, target.Name!, options);
        await Responses.JsonAsync(context, 201, StatusBody.Success(target.Resource, target.Name!));
    }

    /// <summary>
    /// A TokenRequest for an existing ServiceAccount, as <c>kubectl create token</c> or the kubelet makes it: the token
    /// authenticates as <c>system:serviceaccount:NAMESPACE:NAME</c>. It does not expire in the sandbox.
    /// </summary>
    public async Task IssueTokenAsync(HttpContext context, ResourcePath target)
    {
        var request = await ReadObjectAsync(context);
        var ns = RequireNamespace(target)!;
        store.Get(target.Resource, ns, target.Name!);
        var token = tokens.Issue(UserInfo.ServiceAccount(ns, target.Name!));
        var seconds = (long?)request["spec"]?["expirationSeconds"] ?? 3600;
        var expires = time.GetUtcNow().AddSeconds(seconds).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        await Responses.JsonAsync(context, 201, new JsonObject
        {
            ["kind"] = "TokenRequest",
            ["apiVersion"] = "authentication.k8s.io/v1",
            ["metadata"] = new JsonObject { ["name"] = target.Name, ["namespace"] = ns },
            ["spec"] = request["spec"]?.DeepClone() ?? new JsonObject { ["audiences"] = new JsonArray() },
            ["status"] = new JsonObject { ["token"] = token, ["expirationTimestamp"] = expires },
        });
    }

    /// <summary>A SubjectAccessReview or SelfSubjectAccessReview: answered, never stored.</summary>
    public async Task ReviewAsync(HttpContext context, ResourcePath target, UserInfo user)
    {
        JsonObject review;
        if ((context.Request.ContentType ?? "").StartsWith(AccessReviewProtobuf.MediaType, StringComparison.Ordinal))
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            review = AccessReviewProtobuf.Read(buffer.ToArray());
        }
        else
        {
            review = await ReadObjectAsync(context);
            CheckKind(target.Resource, review);
        }

        await Responses.JsonAsync(context, 201, AccessReviews.Review(target.Resource, review, user, rbac.Current()));
    }

    public static string? RequireNamespace(ResourcePath target) =>
        target.Resource.Namespaced && target.Namespace is null
            ? throw new ApiException(404, "NotFound", $"{target.Resource.Plural} is namespaced: use /namespaces/{{namespace}}/{target.Resource.Plural}/{target.Name}")
            : target.Namespace;

    /// <summary>Server-side apply: creates the object when missing, else merges the configuration as its field manager.</summary>
    private async Task ApplyAsync(HttpContext context, ResourcePath target, string text)
    {
        var manager = (string?)context.Request.Query["fieldManager"];
        if (string.IsNullOrEmpty(manager))
        {
            throw new ApiException(422, "Invalid", "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch");
        }

        var applied = YamlJson.Parse(text) as JsonObject ?? throw ApiException.BadRequest("the apply patch must be an object");
        CheckKind(target.Resource, applied);
        var resource = target.Resource;
        var builtIn = resource.Definition is null;
        var ns = RequireNamespace(target);
        if (target.Subresource is null && store.Find(resource, ns, target.Name!) is null)
        {
            if (ns is not null)
            {
                RequireExistingNamespace(ns);
            }

            var created = ServerSideApply.Apply(null, applied, manager, builtIn, time.GetUtcNow(), resource.ApiVersion);
            created["metadata"]!["name"] = target.Name;
            validator.Create(resource, created, Strict(context));
            await Responses.ObjectAsync(context, 201, resource, Created(resource, store.Create(resource, ns, created, DryRun(context)), DryRun(context)), time);
            return;
        }

        var updated = Update(context, target, current => ServerSideApply.Apply(current, applied, manager, builtIn, time.GetUtcNow(), resource.ApiVersion), _ => null);
        await Responses.ObjectAsync(context, 200, resource, updated, time);
    }

    /// <summary>
    /// An update of the object or (subresource <c>status</c>) of its status only: the other part is kept from the
    /// stored object, as are the fields only the server sets (deletion marks), then it is validated and stored.
    /// </summary>
    private StoredObject Update(HttpContext context, ResourcePath target, Func<JsonObject, JsonObject> change, Func<JsonObject, string?> expectedResourceVersion)
    {
        var statusOnly = target.Subresource == "status";
        var strict = Strict(context);
        var dryRun = DryRun(context);
        var resource = target.Resource;
        var updated = store.Update(resource, RequireNamespace(target), target.Name!, current =>
        {
            var next = change((JsonObject)current.DeepClone());
            if (statusOnly)
            {
                var result = (JsonObject)current.DeepClone();
                Carry(next, result, "status");
                result["metadata"]!["resourceVersion"] = next["metadata"]?["resourceVersion"]?.DeepClone();
                next = result;
            }
            else
            {
                if (resource.HasStatus)
                {
                    Carry(current, next, "status");
                }

                foreach (var field in (string[])["deletionTimestamp", "deletionGracePeriodSeconds"])
                {
                    if (current["metadata"]?[field] is { } kept && next["metadata"] is JsonObject metadata)
                    {
                        metadata[field] = kept.DeepClone();
                    }
                }
            }

            validator.Update(resource, current, next, strict);
            return next;
        }, expectedResourceVersion, dryRun);
        if (!dryRun)
        {
            deletion.Updated(resource, updated);
        }

        return updated;
    }

    /// <summary>Sets <paramref name="field"/> of <paramref name="to"/> to <paramref name="from"/>'s, absent when it is absent.</summary>
    private static void Carry(JsonObject from, JsonObject to, string field)
    {
        if (from[field] is { } value)
        {
            to[field] = value.DeepClone();
        }
        else
        {
            to.Remove(field);
        }
    }

    private void RequireExistingNamespace(string ns)
    {
        if (store.Find(ApiResources.Namespaces, null, ns) is null)
        {
            throw ApiException.NotFound(ApiResources.Namespaces, ns);
        }
    }

    private static JsonObject Scale(StoredObject stored)
    {
        var obj = stored.ToJsonObject();
        var selector = obj["spec"]?["selector"]?["matchLabels"] as JsonObject ?? [];
        return new JsonObject
        {
            ["kind"] = "Scale",
            ["apiVersion"] = "autoscaling/v1",
            ["metadata"] = new JsonObject
            {
                ["name"] = stored.Name,
                ["namespace"] = stored.Namespace,
                ["uid"] = stored.Uid,
                ["resourceVersion"] = stored.ResourceVersion.ToString(CultureInfo.InvariantCulture),
                ["creationTimestamp"] = obj["metadata"]?["creationTimestamp"]?.DeepClone(),
            },
            ["spec"] = new JsonObject { ["replicas"] = (long?)obj["spec"]?["replicas"] ?? 1 },
            ["status"] = new JsonObject
            {
                ["replicas"] = (long?)obj["status"]?["replicas"] ?? 0,
                ["selector"] = string.Join(",", selector.Select(kv => $"{kv.Key}={kv.Value}")),
            },
        };
    }

    private static void MarkScheduled(JsonObject pod)
    {
        var status = pod["status"] as JsonObject ?? [];
        var conditions = status["conditions"] as JsonArray ?? [];
        foreach (var existing in conditions.OfType<JsonObject>().Where(c => (string?)c["type"] == "PodScheduled").ToList())
        {
            conditions.Remove(existing);
        }

        conditions.Add(new JsonObject { ["type"] = "PodScheduled", ["status"] = "True" });
        status["conditions"] = conditions;
        pod["status"] = status;
    }

    private static bool DryRun(HttpContext context) => context.Request.Query["dryRun"] == "All";

    private static bool Strict(HttpContext context) => context.Request.Query["fieldValidation"] == "Strict";

    private static string? ExpectedResourceVersion(JsonObject next) => (string?)next["metadata"]?["resourceVersion"];

    private static void CheckKind(ApiResource resource, JsonObject body)
    {
        var kind = (string?)body["kind"];
        var apiVersion = (string?)body["apiVersion"];
        if ((kind is not null && kind != resource.Kind) || (apiVersion is not null && apiVersion != resource.ApiVersion))
        {
            throw ApiException.BadRequest($"the body is a {apiVersion}/{kind}, but the request is for {resource.ApiVersion}/{resource.Kind}");
        }
    }

    private static JsonObject MergePatched(JsonObject current, string patch)
    {
        JsonMergePatch.Apply(current, ParseObject(patch));
        return current;
    }

    private static JsonObject StrategicMergePatched(JsonObject current, string patch)
    {
        StrategicMergePatch.Apply(current, ParseObject(patch), builtIn: true);
        return current;
    }

    private static JsonObject ParseObject(string text) =>
        JsonNode.Parse(text) as JsonObject ?? throw ApiException.BadRequest("the request body must be a JSON object");

    private static async Task<string> ReadTextAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        return await reader.ReadToEndAsync(context.RequestAborted);
    }

    private static async Task<JsonObject> ReadObjectAsync(HttpContext context)
    {
        var node = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        return node as JsonObject ?? throw ApiException.BadRequest("the request body must be a JSON object");
    }

    private static async Task<JsonObject?> ReadOptionalObjectAsync(HttpContext context)
    {
        var text = await ReadTextAsync(context);
        return string.IsNullOrWhiteSpace(text) ? null : ParseObject(text);
    }
}
