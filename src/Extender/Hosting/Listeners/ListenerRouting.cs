using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Extender.Hosting.Listeners;

/// <summary>
/// Keeps each endpoint on its own kind of port: the verbs are never answered on the probes port (which listens on the
/// pod IP), and health and metrics never on the verbs' ports. Kestrel tags each connection with its listener; routing
/// has picked the endpoint before this runs, and an endpoint on the wrong kind of port is answered as if it did not
/// exist.
/// </summary>
internal static class ListenerRouting
{
    /// <summary>Tags the connections this listener accepts.</summary>
    public static ListenOptions Serve(this ListenOptions listen, Listener kind)
    {
        var feature = new ListenerFeature(kind);
        listen.Use(next => connection =>
        {
            connection.Features.Set(feature);
            return next(connection);
        });
        return listen;
    }

    /// <summary>Every endpoint mapped through the returned group answers only on <paramref name="kind"/> listeners.</summary>
    public static RouteGroupBuilder ServedOn(this IEndpointRouteBuilder endpoints, Listener kind)
    {
        var group = endpoints.MapGroup("");
        group.WithMetadata(new ServedOn(kind));
        return group;
    }

    /// <summary>404 for an endpoint reached through a listener of another kind, or through none we tagged.</summary>
    public static IApplicationBuilder UseListenerRouting(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            var servedOn = context.GetEndpoint()?.Metadata.GetMetadata<ServedOn>();
            if (servedOn is null || context.Features.Get<ListenerFeature>()?.Kind == servedOn.Kind)
            {
                return next(context);
            }

            context.SetEndpoint(null);
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
}
