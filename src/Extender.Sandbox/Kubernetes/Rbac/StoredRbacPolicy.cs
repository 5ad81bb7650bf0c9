namespace Extender.Sandbox.Kubernetes.Rbac;

/// <summary>
/// The policy made of the RBAC objects in the store, rebuilt only after one of them changed: every request is
/// authorized, and re-reading every role for each would make RBAC the sandbox's bottleneck.
/// </summary>
internal sealed class StoredRbacPolicy(ObjectStore store)
{
    private static readonly ApiResource[] Resources =
        [.. ApiResources.All.Where(r => r.Group == ApiResources.RbacGroup)];

    private readonly Lock _gate = new();
    private long[] _builtAt = [];
    private RbacPolicy? _policy;

    public RbacPolicy Current()
    {
        var changes = Resources.Select(store.LastChange).ToArray();
        lock (_gate)
        {
            if (_policy is null || !changes.SequenceEqual(_builtAt))
            {
                _policy = RbacPolicy.FromObjects(Resources.SelectMany(r =>
                    store.List(r, null, LabelSelector.Everything, FieldSelector.Everything).Items.Select(o => o.ToJsonObject())));
                _builtAt = changes;
            }

            return _policy;
        }
    }
}
