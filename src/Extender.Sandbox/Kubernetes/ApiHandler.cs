using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Extender.Sandbox.Kubernetes.Discovery;
using Extender.Sandbox.Kubernetes.Rbac;
using Extender.Sandbox.Kubernetes.Tables;
using Microsoft.AspNetCore.Http;

namespace Extender.Sandbox.Kubernetes;

/// <summary>
/// Turns HTTP requests into store operations, with the Kubernetes API's verbs, status codes and bodies. Discovery,
/// OpenAPI and <c>/version</c> are served to every caller; every other request is authenticated by its bearer token,
/// impersonation headers are honoured, and with <paramref name="enforceRbac"/> it is authorized as the real server
/// does. Reads and watches are answered here, writes by <see cref="ObjectWrites"/>.
/// </summary>
internal sealed class ApiHandler(
    ObjectStore store,
    ListPager pager,
    FaultInjector faults,
    WatchGate gate,
    TokenAuthenticator tokens,
    StoredRbacPolicy rbac,
    bool enforceRbac,
    ObjectWrites writes,
    TimeProvider time,
    CancellationToken shutdown)
{
    private static readonly byte[] Comma = ","u8.ToArray();

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var watch = request.Query.TryGetValue("watch", out var w) && w.ToString() is "true" or "1";
        if (faults.TryTake(request.Method, request.Path.Value ?? "", watch, tokens.Authenticate(request.Headers.Authorization)?.Name, out var injected))
        {
            switch (injected.Reset)
            {
                case FaultReset.None when injected.StatusCode == 0:
                    await Task.Delay(injected.Delay, time, context.RequestAborted);
                    await ServeAsync(context);
                    return;
                case FaultReset.BeforeHandling:
                    context.Abort();
                    return;
                case FaultReset.AfterHandling:
                    await HandleThenResetAsync(context, injected.Held);
                    return;
                default:
                    if (injected.StatusCode == 429)
                    {
                        context.Response.Headers.RetryAfter = "1";
                    }

                    await Responses.JsonAsync(context, injected.StatusCode, StatusBody.Failure(injected.StatusCode, "InjectedFault", $"fault injected by the sandbox for {request.Method} {request.Path}"));
                    return;
            }
        }

        await ServeAsync(context);
    }

    private async Task ServeAsync(HttpContext context)
    {
        var request = context.Request;
        try
        {

            // As the real server does, it authenticates before it even looks at the path.
            var user = Authenticate(request);
            if (NonResource(request.Path.Value ?? "", request.Headers.Accept) is { } document)
            {
                await Responses.JsonAsync(context, 200, document);
                return;
            }

            user = Impersonation.Apply(request, user, enforceRbac ? rbac.Current : null);
            await DispatchAsync(context, ResourcePath.Parse(request.Path.Value ?? ""), user);
        }
        catch (ApiException e)
        {
            await Responses.JsonAsync(context, e.Code, StatusBody.Failure(e.Code, e.Reason, e.Message, e.Details));
        }
        catch (JsonException e)
        {
            await Responses.JsonAsync(context, 400, StatusBody.Failure(400, "BadRequest", $"the request body is not valid JSON: {e.Message}"));
        }
        catch (Exception e) when (e is not OperationCanceledException && !context.Response.HasStarted)
        {
            // A sandbox defect: answered as kube-apiserver answers its own, so the client shows the cause.
            await Responses.JsonAsync(context, 500, StatusBody.Failure(500, "InternalError", $"Internal error occurred: {e}"));
        }
    }

    /// <summary>Every dispatched request, as the authorizer would see it.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<AuditRecord> Audit { get; } = new();

    /// <summary>Applies the request with its answer kept back, then resets it: the change is made and nobody hears.</summary>
    private async Task HandleThenResetAsync(HttpContext context, Func<Task>? held)
    {
        var answer = context.Response.Body;
        context.Response.Body = Stream.Null;
        try
        {
            await ServeAsync(context);
            if (held is not null)
            {
                await held();
            }
        }
        finally
        {
            context.Response.Body = answer;
            context.Abort();
        }
    }

    /// <summary>
    /// The documents of <c>/version</c>, discovery and OpenAPI (bootstrap policy lets every user read them); null for
    /// a resource path. OpenAPI v2 is JSON only: a client asking for protobuf alone gets 406 and goes on without it.
    /// </summary>
    private static JsonObject? NonResource(string path, string? accept)
    {
        switch (path.TrimEnd('/'))
        {
            case "/version":
                return SandboxVersion.Document();
            case "/openapi/v2":
                return accept is null || accept.Contains("json", StringComparison.Ordinal) || accept.Contains("*/*", StringComparison.Ordinal)
                    ? OpenApiDocuments.V2()
                    : throw new ApiException(406, "NotAcceptable", "only application/json is served for /openapi/v2");
            case "/openapi/v3":
                return OpenApiDocuments.Index();
            case var p when p.StartsWith("/openapi/v3/", StringComparison.Ordinal):
                return OpenApiDocuments.GroupVersion(p["/openapi/v3/".Length..]) ?? throw new ApiException(404, "NotFound", $"the server could not find the requested resource ({p})");
            default:
                return ApiDiscovery.For(path);
        }
    }

    /// <summary>The request's user; without RBAC an unknown token is let through as it always was.</summary>
    private UserInfo Authenticate(HttpRequest request)
    {
        var user = tokens.Authenticate(request.Headers.Authorization);
        return user ?? (enforceRbac ? throw ApiException.Unauthorized() : UserInfo.Anonymous);
    }

    private Task DispatchAsync(HttpContext context, ResourcePath target, UserInfo user)
    {
        var method = context.Request.Method;
        var attributes = new AuditRecord(Verb(context.Request, target), target.Resource.Group, target.Resource.Plural, target.Subresource, target.Namespace, AuthorizedName(context.Request, target))
        {
            User = user.Name,
        };
        var decision = enforceRbac ? rbac.Current().Authorize(user, attributes) : null;
        Audit.Enqueue(attributes with { Allowed = decision?.Allowed ?? true });
        if (decision is { Allowed: false })
        {
            throw ApiException.Forbidden(attributes, decision.Message!);
        }

        if (target.Subresource is { } subresource && Subresources.Of(target.Resource).All(s => s.Name != subresource))
        {
            throw new ApiException(404, "NotFound", $"the server could not find the requested resource ({context.Request.Path})");
        }

        return (target.Name, target.Subresource, method) switch
        {
            (null, null, "POST") when !target.Resource.Verbs.Contains("get") => writes.ReviewAsync(context, target, user),
            (null, null, "GET") when IsWatch(context.Request) => WatchAsync(context, target),
            (null, null, "GET") => ListAsync(context, target),
            (null, null, "POST") => writes.CreateAsync(context, target),
            (null, null, "DELETE") => writes.DeleteCollectionAsync(context, target),
            (not null, null or "status", "GET") => Responses.ObjectAsync(context, 200, target.Resource, store.Get(target.Resource, ObjectWrites.RequireNamespace(target), target.Name), time),
            (not null, null or "status", "PUT") => writes.ReplaceAsync(context, target),
            (not null, null or "status", "PATCH") => writes.PatchAsync(context, target),
            (not null, null, "DELETE") => writes.DeleteAsync(context, target),
            (not null, "scale", _) => writes.ScaleAsync(context, target),
            (not null, "binding", "POST") => writes.BindAsync(context, target),
            (not null, "eviction", "POST") => writes.EvictAsync(context, target),
            (not null, "token", "POST") => writes.IssueTokenAsync(context, target),
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

        if (ServerTable.Requested(context.Request.Headers.Accept))
        {
            var table = ServerTable.Build(target.Resource, items.Select(i => i.ToJsonObject()), time.GetUtcNow(), query["includeObject"], withColumns: true, metadata);
            await Responses.JsonAsync(context, 200, table, ServerTable.MediaType);
            return;
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

        // kubectl get -w asks for Tables: each event then carries a one-row Table, the column definitions only in the first.
        var tables = ServerTable.Requested(context.Request.Headers.Accept);
        var columnsSent = false;
        context.Response.StatusCode = 200;
        context.Response.ContentType = tables ? ServerTable.MediaType : "application/json";
        try
        {
            // The status line goes out now, as kube-apiserver flushes it: a client's watch call returns before any event.
            await context.Response.StartAsync(stop.Token);
            var writer = context.Response.BodyWriter;
            await writer.FlushAsync(stop.Token);
            while (await watcher.Events.WaitToReadAsync(stop.Token))
            {
                while (watcher.Events.TryRead(out var watchEvent))
                {
                    if (tables && watchEvent.Object is { } obj && watchEvent.Type != "BOOKMARK")
                    {
                        var table = ServerTable.Build(target.Resource, [obj.ToJsonObject()], time.GetUtcNow(), query["includeObject"], withColumns: !columnsSent, new JsonObject
                        {
                            ["resourceVersion"] = ServerTable.ResourceVersionText(obj.ResourceVersion),
                        });
                        columnsSent = true;
                        writer.Write(Encoding.UTF8.GetBytes(new JsonObject { ["type"] = watchEvent.Type, ["object"] = table }.ToJsonString() + "\n"));
                    }
                    else
                    {
                        writer.Write(watchEvent.Line);
                    }
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

    private static bool IsWatch(HttpRequest request) => IsTrue(request.Query["watch"]);

    private static bool IsTrue(string? value) => value is "true" or "1" or "True";
}
