namespace Extender.Sandbox.Kubelet;

public enum InstanceEventKind
{
    Started,
    Terminated,
}
