using System.Net;
using Extender.Core.Claims;
using Extender.Disruption.Ports;
using Extender.Kubernetes.Client;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Extender.Wiring;

/// <summary>
/// Evictions through <c>pods/eviction</c> (policy/v1), as <c>kubectl drain</c> and Karpenter send them. A refusal
/// (429 while a PodDisruptionBudget allows no disruption, 500 for a pod under several budgets) is reported with the
/// budget's own message, which names it.
/// </summary>
internal sealed class KubernetesPodEvictor([FromKeyedServices(KubernetesLane.Provisioning)] IKubernetes client) : IPodEvictor
{
    public async Task<EvictionResult> EvictAsync(PodReference pod, CancellationToken cancellationToken)
    {
        var eviction = new V1Eviction
        {
            ApiVersion = "policy/v1",
            Kind = "Eviction",
            Metadata = new V1ObjectMeta { Name = pod.Name, NamespaceProperty = pod.Namespace },
            DeleteOptions = new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = pod.Uid } },
        };
        try
        {
            await client.CoreV1.CreateNamespacedPodEvictionAsync(eviction, pod.Name, pod.Namespace, cancellationToken: cancellationToken);
            return EvictionResult.Done;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.NotFound || IsUidMismatch(e))
        {
            return EvictionResult.Done;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.InternalServerError or HttpStatusCode.Forbidden)
        {
            return EvictionResult.Refused(Why(e));
        }
    }

    public async Task DeleteAsync(PodReference pod, CancellationToken cancellationToken)
    {
        try
        {
            await client.CoreV1.DeleteNamespacedPodAsync(
                pod.Name, pod.Namespace, new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = pod.Uid } }, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.NotFound || IsUidMismatch(e))
        {
        }
    }

    // A 409 on the UID precondition: the pod of that name is a new one, and the pod we meant is gone.
    private static bool IsUidMismatch(HttpOperationException e) => e.Response.StatusCode == HttpStatusCode.Conflict;

    private static string Why(HttpOperationException e)
    {
        try
        {
            var status = KubernetesJson.Deserialize<V1Status>(e.Response.Content);
            return status.Details?.Causes?.FirstOrDefault()?.Message is { Length: > 0 } cause ? $"{status.Message} {cause}" : status.Message ?? e.Message;
        }
        catch (System.Text.Json.JsonException)
        {
            return $"{(int)e.Response.StatusCode} {e.Response.ReasonPhrase}";
        }
    }
}
