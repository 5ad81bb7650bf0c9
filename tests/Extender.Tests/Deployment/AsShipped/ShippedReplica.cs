using Extender.Provisioning.Ports;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Extender.Tests.Deployment.AsShipped;

/// <summary>
/// One replica of the shipped Deployment: its pod's facts, the environment it was given, its running sidecar (verbs at
/// <paramref name="Address"/>, probes and metrics at <paramref name="ProbesAddress"/>) and its pod's ServiceAccount token.
/// </summary>
internal sealed record ShippedReplica(ShippedPod Pod, IReadOnlyList<KeyValuePair<string, string>> Environment, WebApplication App, Uri Address, Uri ProbesAddress, string Token)
{
    public bool IsLeader => App.Services.GetRequiredService<ILeadership>().IsLeader;
}
