using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Extender.Sandbox.Kubernetes.Rbac;
using Microsoft.AspNetCore.Http;

namespace Extender.Sandbox.Kubernetes;

/// <summary>
/// Turns HTTP requests into store operations, with the Kubernetes API's verbs, status codes and bodies. Every request
/// is authenticated by its bearer token; with <paramref name="rbac"/> it is also authorized as the real server does.
/// </summary>
internal sealed class ApiHandler(
    ObjectStore store,
    ListPager pager,
    FaultInjector faults,
    WatchGate gate,
    TokenAuthenticator tokens,
    StoredRbacPolicy? rbac,
    TimeProvider time,
    CancellationToken shutdown)
{
    private static readonly byte[] Comma = ","u8.ToArray();

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        try
        {
            if (faults.TryTake(request.Method, request.Path.Value ?? "", out var injected))
            {
                throw new ApiException(injected, "InjectedFault", $"fault injected by the sandbox for {request.Method} {request.Path}");
            }

            if (request.Path == "/version")
            {
                await WriteJsonAsync(context, 200, new JsonObject { ["major"] = "1", ["minor"] = "33", ["gitVersion"] = "v1.33.0-sandbox" });
                return;
            }

            // As the real server does, it authenticates before it even looks at the path.
            var user = Authenticate(request);
            await DispatchAsync(context, ResourcePath.Parse(request.Path.Value ?? ""), user);
        }
        catch (ApiException e)
        {
            await WriteJsonAsync(context, e.Code, StatusBody.Failure(e.Code, e.Reason, e.Message, e.Details));
        }
        catch (JsonException e)
        {
            await WriteJsonAsync(context, 400, StatusBody.Failure(400, "BadRequest", $"the request body is not valid JSON: {e.Message}"));
        }
    }

    /// <summary>Every dispatched request, as the authorizer would see it.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<AuditRecord> Audit { get; } = new();

    /// <summary>The request's user; without RBAC an unknown token is let through as it always was.</summary>
    private UserInfo Authenticate(HttpRequest request)
    {
        var user = tokens.Authenticate(request.Headers.Authorization);
        return user ?? (rbac is null ? UserInfo.Anonymous : throw ApiException.Unauthorized());
    }

    private Task DispatchAsync(HttpContext context, ResourcePath target, UserInfo user)
    {
        var method = context.Request.Method;
        var attributes = new AuditRecord(Verb(context.Request, target), target.Resource.Group, target.Resource.Plural, target.Subresource, target.Namespace, AuthorizedName(context.Request, target))
        {
            User = user.Name,
        };
        var decision = rbac?.Current().Authorize(user, attributes);
        Audit.Enqueue(attributes with { Allowed = decision?.Allowed ?? true });
        if (decision is { Allowed: false })
        {
            throw ApiException.Forbidden(attributes, decision.Message!);
        }

        return (target.Name, target.Subresource, method) switch
        {
            (null, _, "GET") when IsWatch(context.Request) => WatchAsync(context, target),
            (null, _, "GET") => ListAsync(context, target),
            (null, _, "POST") => CreateAsync(context, target),
            (not null, null, "GET") or (not null, "status", "GET") => WriteObjectAsync(context, 200, store.Get(target.Resource, RequireNamespace(target), target.Name)),
            (not null, null, "PUT") => ReplaceAsync(context, target, statusOnly: false),
            (not null, "status", "PUT") => ReplaceAsync(context, target, statusOnly: true),
            (not null, null, "PATCH") => PatchAsync(context, target, statusOnly: false),
            (not null, "status", "PATCH") => PatchAsync(context, target, statusOnly: true),
            (not null, null, "DELETE") => DeleteAsync(context, target),
            (not null, "binding", "POST") when target.Resource.Kind == "Pod" => BindAsync(context, target),
            (not null, "eviction", "POST") when target.Resource.Kind == "Pod" => EvictAsync(context, target),
            (not null, "token", "POST") when target.Resource.Kind == "ServiceAccount" => IssueTokenAsync(context, target),
            _ => throw new ApiException(405, "MethodNotAllowed", $"{method} is not supported on {context.Request.Path}"),
        };
    }

    private static string Verb(HttpRequest request, ResourcePath target) => request.Method switch
    {
        "GET" when target.Name is null => IsWatch(request) ? "watch" : "list",
        "GET" => "get",
        "POST" => "create",
        "PUT" => "update",
        "PATCH" => "patch",
        "DELETE" => target.Name is null ? "deletecollection" : "delete",
        _ => request.Method.ToLowerInvariant(),
    };

    /// <summary>
    /// The name RBAC's resourceNames are checked against: the path's, or for a list or watch, the one its field
    /// selector pins with <c>metadata.name=</c> (the real server's request info reads it the same way).
    /// </summary>
    private static string? AuthorizedName(HttpRequest request, ResourcePath target)
    {
        if (target.Name is not null || request.Method != "GET")
        {
            return target.Name;
        }

        foreach (var term in ((string?)request.Query["fieldSelector"] ?? "").Split(','))
        {
            var trimmed = term.Trim();
            foreach (var prefix in (string[])["metadata.name==", "metadata.name="])
            {
                if (trimmed.StartsWith(prefix, StringComparison.Ordinal) && trimmed.Length > prefix.Length)
                {
                    return trimmed[prefix.Length..];
                }
            }
        }

        return null;
    }

    private async Task ListAsync(HttpContext context, ResourcePath target)
    {
        var query = context.Request.Query;
        var labels = LabelSelector.Parse(query["labelSelector"]);
        var fields = FieldSelector.Parse(query["fieldSelector"]);
        var limit = int.TryParse(query["limit"], NumberStyles.None, CultureInfo.InvariantCulture, out var l) ? l : 0;
        var (items, resourceVersion, continueToken) = pager.Page(() => store.List(target.Resource, target.Namespace, labels, fields), limit, query["continue"]);

        var metadata = new JsonObject { ["resourceVersion"] = resourceVersion.ToString(CultureInfo.InvariantCulture) };
        if (continueToken is not null)
        {
            metadata["continue"] = continueToken;
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        var writer = context.Response.BodyWriter;
        writer.Write(Encoding.UTF8.GetBytes($$"""{"apiVersion":"{{target.Resource.ApiVersion}}","kind":"{{target.Resource.Kind}}List","metadata":{{metadata.ToJsonString()}},"items":["""));
        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0)
            {
                writer.Write(Comma);
            }

            writer.Write(items[i].Json);
            if (i % 256 == 255)
            {
                await writer.FlushAsync(context.RequestAborted);
            }
        }

        writer.Write("]}"u8);
        await writer.FlushAsync(context.RequestAborted);
    }

    private async Task WatchAsync(HttpContext context, ResourcePath target)
    {
        var query = context.Request.Query;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, shutdown);
        await gate.PassAsync(stop.Token);
        var watcher = store.Watch(
            target.Resource,
            target.Namespace,
            LabelSelector.Parse(query["labelSelector"]),
            FieldSelector.Parse(query["fieldSelector"]),
            query["resourceVersion"],
            IsTrue(query["allowWatchBookmarks"]));
        if (int.TryParse(query["timeoutSeconds"], NumberStyles.None, CultureInfo.InvariantCulture, out var timeoutSeconds) && timeoutSeconds > 0)
        {
            stop.CancelAfter(TimeSpan.FromSeconds(timeoutSeconds));
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        try
        {
            await context.Response.StartAsync(stop.Token);
            var writer = context.Response.BodyWriter;
            while (await watcher.Events.WaitToReadAsync(stop.Token))
            {
                while (watcher.Events.TryRead(out var watchEvent))
                {
                    writer.Write(watchEvent.Line);
                }

                await writer.FlushAsync(stop.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // The client went away, the watch was dropped by a test hook, its timeout passed, or the server is stopping.
        }
        finally
        {
            store.Unregister(watcher);
        }
    }

    private async Task CreateAsync(HttpContext context, ResourcePath target)
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
        }

        var dryRun = context.Request.Query["dryRun"] == "All";
        await WriteObjectAsync(context, 201, store.Create(target.Resource, target.Namespace, body, dryRun));
    }

    private async Task ReplaceAsync(HttpContext context, ResourcePath target, bool statusOnly)
    {
        var body = await ReadObjectAsync(context);
        CheckKind(target.Resource, body);
        var bodyName = (string?)body["metadata"]?["name"];
        if (bodyName is not null && bodyName != target.Name)
        {
            throw ApiException.BadRequest($"the name of the object ({bodyName}) does not match the name in the URL ({target.Name})");
        }

        var updated = store.Update(target.Resource, RequireNamespace(target), target.Name!, current =>
        {
            if (statusOnly)
            {
                current["status"] = body["status"]?.DeepClone();
                current["metadata"]!["resourceVersion"] = body["metadata"]?["resourceVersion"]?.DeepClone();
                return current;
            }

            if (target.Resource.HasStatus)
            {
                body["status"] = current["status"]?.DeepClone();
            }

            return body;
        }, ExpectedResourceVersion);
        await WriteObjectAsync(context, 200, updated);
    }

    private async Task PatchAsync(HttpContext context, ResourcePath target, bool statusOnly)
    {
        var contentType = context.Request.ContentType ?? "";
        if (!contentType.StartsWith("application/merge-patch+json", StringComparison.Ordinal)
            && !contentType.StartsWith("application/strategic-merge-patch+json", StringComparison.Ordinal))
        {
            throw new ApiException(415, "UnsupportedMediaType", $"the sandbox supports merge and strategic merge patches only, not \"{contentType}\"");
        }

        var patch = await ReadObjectAsync(context);
        var updated = store.Update(target.Resource, RequireNamespace(target), target.Name!, current =>
        {
            var patched = (JsonObject)current.DeepClone();
            JsonMergePatch.Apply(patched, patch);
            if (statusOnly)
            {
                current["status"] = patched["status"]?.DeepClone();
                current["metadata"]!["resourceVersion"] = patched["metadata"]?["resourceVersion"]?.DeepClone();
                return current;
            }

            if (target.Resource.HasStatus)
            {
                patched["status"] = current["status"]?.DeepClone();
            }

            return patched;
        }, ExpectedResourceVersion);
        await WriteObjectAsync(context, 200, updated);
    }

    private async Task DeleteAsync(HttpContext context, ResourcePath target)
    {
        var deleted = store.Delete(target.Resource, RequireNamespace(target), target.Name!);

        // Pods answer with the object, everything else with a Status, as the typed client methods expect.
        if (target.Resource.Kind == "Pod" || target.Resource.Group == ApiResources.ProvisioningGroup)
        {
            await WriteObjectAsync(context, 200, deleted);
        }
        else
        {
            await WriteJsonAsync(context, 200, StatusBody.Success(target.Resource, target.Name!));
        }
    }

    private async Task BindAsync(HttpContext context, ResourcePath target)
    {
        var binding = await ReadObjectAsync(context);
        var nodeName = (string?)binding["target"]?["name"];
        if (string.IsNullOrEmpty(nodeName))
        {
            throw ApiException.BadRequest("target.name: Required value: a binding needs a target node");
        }

        store.Update(target.Resource, RequireNamespace(target), target.Name!, pod =>
        {
            var spec = pod["spec"] as JsonObject ?? [];
            var assigned = (string?)spec["nodeName"];
            if (!string.IsNullOrEmpty(assigned))
            {
                throw ApiException.Conflict(target.Resource, target.Name!, $"pod {target.Name} is already assigned to node \"{assigned}\"");
            }

            spec["nodeName"] = nodeName;
            pod["spec"] = spec;
            MarkScheduled(pod);
            return pod;
        }, _ => null);
        await WriteJsonAsync(context, 201, StatusBody.Success(target.Resource, target.Name!));
    }

    /// <summary>The Eviction API: <see cref="Eviction"/> spends the pod's disruption budget, then the pod is deleted as by DELETE.</summary>
    private async Task EvictAsync(HttpContext context, ResourcePath target)
    {
        var eviction = await ReadObjectAsync(context);
        var ns = RequireNamespace(target)!;
        var dryRun = context.Request.Query["dryRun"] == "All";
        new Eviction(store, time).Admit(ns, target.Name!, eviction, dryRun);
        if (!dryRun)
        {
            store.Delete(target.Resource, ns, target.Name!);
        }

        await WriteJsonAsync(context, 201, StatusBody.Success(target.Resource, target.Name!));
    }

    /// <summary>
    /// A TokenRequest for an existing ServiceAccount, as <c>kubectl create token</c> or the kubelet makes it: the token
    /// authenticates as <c>system:serviceaccount:NAMESPACE:NAME</c>. It does not expire in the sandbox.
    /// </summary>
    private async Task IssueTokenAsync(HttpContext context, ResourcePath target)
    {
        var request = await ReadObjectAsync(context);
        var ns = RequireNamespace(target)!;
        store.Get(target.Resource, ns, target.Name!);
        var token = tokens.Issue(UserInfo.ServiceAccount(ns, target.Name!));
        var seconds = (long?)request["spec"]?["expirationSeconds"] ?? 3600;
        var expires = time.GetUtcNow().AddSeconds(seconds).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        await WriteJsonAsync(context, 201, new JsonObject
        {
            ["kind"] = "TokenRequest",
            ["apiVersion"] = "authentication.k8s.io/v1",
            ["metadata"] = new JsonObject { ["name"] = target.Name, ["namespace"] = ns },
            ["spec"] = request["spec"]?.DeepClone() ?? new JsonObject { ["audiences"] = new JsonArray() },
            ["status"] = new JsonObject { ["token"] = token, ["expirationTimestamp"] = expires },
        });
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

    private static string? ExpectedResourceVersion(JsonObject next) => (string?)next["metadata"]?["resourceVersion"];

    private static string? RequireNamespace(ResourcePath target) =>
        target.Resource.Namespaced && target.Namespace is null
            ? throw new ApiException(404, "NotFound", $"{target.Resource.Plural} is namespaced: use /namespaces/{{namespace}}/{target.Resource.Plural}/{target.Name}")
            : target.Namespace;

    private static void CheckKind(ApiResource resource, JsonObject body)
    {
        var kind = (string?)body["kind"];
        var apiVersion = (string?)body["apiVersion"];
        if ((kind is not null && kind != resource.Kind) || (apiVersion is not null && apiVersion != resource.ApiVersion))
        {
            throw ApiException.BadRequest($"the body is a {apiVersion}/{kind}, but the request is for {resource.ApiVersion}/{resource.Kind}");
        }
    }

    private static async Task<JsonObject> ReadObjectAsync(HttpContext context)
    {
        var node = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        return node as JsonObject ?? throw ApiException.BadRequest("the request body must be a JSON object");
    }

    private static bool IsWatch(HttpRequest request) => IsTrue(request.Query["watch"]);

    private static bool IsTrue(string? value) => value is "true" or "1" or "True";

    private static async Task WriteObjectAsync(HttpContext context, int statusCode, StoredObject obj)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(obj.Json, context.RequestAborted);
    }

    private static async Task WriteJsonAsync(HttpContext context, int statusCode, JsonObject body)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }
}
