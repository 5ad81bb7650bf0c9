namespace Extender.Sandbox.Kubernetes;

internal enum LabelOperator
{
    In,
    NotIn,
    Exists,
    DoesNotExist,
}
