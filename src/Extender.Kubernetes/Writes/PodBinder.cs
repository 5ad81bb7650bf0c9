using System.Net;
using Extender.Kubernetes.Client;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;

namespace Extender.Kubernetes.Writes;

internal sealed class PodBinder([FromKeyedServices(KubernetesLane.Bindings)] IKubernetes client) : IPodBinder
{
    public async Task<string?> BindAsync(string @namespace, string name, string uid, string nodeName, CancellationToken cancellationToken)
    {
        var binding = new V1Binding
        {
            // The UID makes the binding conditional, as kube-scheduler's DefaultBinder does: the API server refuses it
            // (409) when the pod of this name is not the one the scheduler decided for.
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = @namespace, Uid = uid },
            Target = new V1ObjectReference { ApiVersion = "v1", Kind = "Node", Name = nodeName },
        };
        try
        {
            await client.CoreV1.CreateNamespacedPodBindingAsync(binding, name, @namespace, cancellationToken: cancellationToken);
            return null;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            return StatusMessage(e) ?? $"pod {@namespace}/{name}: 409 Conflict";
        }
    }

    private static string? StatusMessage(HttpOperationException e)
    {
        try
        {
            return KubernetesJson.Deserialize<V1Status>(e.Response.Content)?.Message;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
