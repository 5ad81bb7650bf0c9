using System.Text.Json.Nodes;
using Extender.Sandbox.Kubernetes.Tables;
using Microsoft.AspNetCore.Http;

namespace Extender.Sandbox.Kubernetes;

/// <summary>Writes API responses: objects as stored, or as a one-row <c>Table</c> when the client asked for one.</summary>
internal static class Responses
{
    public static async Task ObjectAsync(HttpContext context, int statusCode, ApiResource resource, StoredObject obj, TimeProvider time)
    {
        if (ServerTable.Requested(context.Request.Headers.Accept))
        {
            var table = ServerTable.Build(resource, [obj.ToJsonObject()], time.GetUtcNow(), context.Request.Query["includeObject"], withColumns: true, new JsonObject
            {
                ["resourceVersion"] = ServerTable.ResourceVersionText(obj.ResourceVersion),
            });
            await JsonAsync(context, statusCode, table, ServerTable.MediaType);
            return;
        }

        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(obj.Json, context.RequestAborted);
    }

    public static async Task JsonAsync(HttpContext context, int statusCode, JsonObject body, string contentType = "application/json")
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = contentType;
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }
}
