namespace Extender.Sandbox.Kubernetes;

/// <summary>Holds injected faults and hands each out the number of times it was asked for.</summary>
internal sealed class FaultInjector
{
    private readonly Lock _gate = new();
    private readonly List<(Fault Fault, int Left)> _faults = [];

    public void Add(Fault fault)
    {
        lock (_gate)
        {
            _faults.Add((fault, fault.Times));
        }
    }

    public bool TryTake(string method, string path, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Fault? taken)
    {
        lock (_gate)
        {
            var index = _faults.FindIndex(f => (f.Fault.Method is null || string.Equals(f.Fault.Method, method, StringComparison.OrdinalIgnoreCase))
                && path.Contains(f.Fault.PathContains, StringComparison.Ordinal));
            if (index < 0)
            {
                taken = null;
                return false;
            }

            var (fault, left) = _faults[index];
            taken = fault;
            if (left <= 1)
            {
                _faults.RemoveAt(index);
            }
            else
            {
                _faults[index] = (fault, left - 1);
            }

            return true;
        }
    }
}
