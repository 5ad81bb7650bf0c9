namespace Extender.Hosting.Listeners;

/// <summary>
/// Set on every connection by the listener that accepted it (a Kestrel connection middleware), so a request knows
/// which port it came in on without trusting anything the client sent (the Host header names any port it likes).
/// </summary>
internal sealed record ListenerFeature(Listener Kind);
