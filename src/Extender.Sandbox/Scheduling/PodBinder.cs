using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Extender.Sandbox.Scheduling;

/// <summary>
/// The binding step: the extender with a <c>bindVerb</c> binds (and must create the Binding itself); if it fails and
/// is ignorable, or there is none, the default binder POSTs <c>pods/{name}/binding</c> conditioned on the pod uid.
/// </summary>
internal sealed class PodBinder(IKubernetes client, HttpExtender? binder, TimeSpan apiTimeout, TimeProvider time, ILogger logger)
{
    public async Task BindAsync(V1Pod pod, string node, CancellationToken cancellationToken)
    {
        if (binder is not null)
        {
            try
            {
                await binder.BindAsync(pod, node, cancellationToken);
                return;
            }
            catch (ExtenderException e) when (binder.Config.Ignorable)
            {
                SchedulerLog.IgnorableExtenderFailed(logger, binder.Config.UrlPrefix, e.Message);
            }
        }

        using var timeout = new CancellationTokenSource(apiTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var ns = pod.Metadata.NamespaceProperty ?? "default";
        var binding = new V1Binding
        {
            Metadata = new V1ObjectMeta { Name = pod.Metadata.Name, NamespaceProperty = ns, Uid = pod.Metadata.Uid },
            Target = new V1ObjectReference { ApiVersion = "v1", Kind = "Node", Name = node },
        };
        await client.CoreV1.CreateNamespacedPodBindingAsync(binding, pod.Metadata.Name, ns, cancellationToken: linked.Token);
    }
}
