using Extender.Core.Claims;

namespace Extender.Provisioning.Ports;

/// <summary>Kubernetes Events on pods. Implementations rate-limit and never block the caller.</summary>
public interface IPodEventRecorder
{
    void Normal(PodReference pod, string reason, string message);

    void Warning(PodReference pod, string reason, string message);
}
