using System.Net;
using Extender.Kubernetes.Client;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;

namespace Extender.Kubernetes.Writes;

internal sealed class PodBinder([FromKeyedServices(KubernetesLane.Bindings)] IKubernetes client) : IPodBinder
{
    public async Task<bool> BindAsync(string @namespace, string name, string nodeName, CancellationToken cancellationToken)
    {
        var binding = new V1Binding
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = @namespace },
            Target = new V1ObjectReference { ApiVersion = "v1", Kind = "Node", Name = nodeName },
        };
        try
        {
            await client.CoreV1.CreateNamespacedPodBindingAsync(binding, name, @namespace, cancellationToken: cancellationToken);
            return true;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            // A binding is not retried: a 409 means the pod is bound already; it succeeded only if it is bound here.
            var pod = await client.CoreV1.ReadNamespacedPodAsync(name, @namespace, cancellationToken: cancellationToken);
            return pod.Spec?.NodeName == nodeName;
        }
    }
}
