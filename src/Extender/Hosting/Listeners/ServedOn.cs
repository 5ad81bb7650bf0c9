namespace Extender.Hosting.Listeners;

/// <summary>Endpoint metadata: the kind of listener an endpoint answers on; on any other it is a 404.</summary>
internal sealed record ServedOn(Listener Kind);
