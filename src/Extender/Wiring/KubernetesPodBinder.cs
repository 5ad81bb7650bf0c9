using Extender.Endpoints.Bind;
using KubernetesBinder = Extender.Kubernetes.Writes.IPodBinder;

namespace Extender.Wiring;

/// <summary>The extender's <c>bind</c> verb through the adapter's <c>pods/binding</c> writer, conditional on the pod's UID.</summary>
internal sealed class KubernetesPodBinder(KubernetesBinder binder) : IPodBinder
{
    public async Task BindAsync(PodBinding binding, CancellationToken cancellationToken)
    {
        if (await binder.BindAsync(binding.Namespace, binding.Name, binding.Uid, binding.NodeName, cancellationToken) is { } conflict)
        {
            throw new InvalidOperationException(conflict);
        }
    }
}
