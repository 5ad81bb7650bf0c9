using System.Collections.Concurrent;

namespace Extender.Sandbox.Scheduling;

/// <summary>What the demo report needs from the scheduler: extender calls by verb, bindings, failed attempts.</summary>
public sealed class SchedulerMetrics
{
    public const string Filter = "filter";
    public const string Prioritize = "prioritize";
    public const string Bind = "bind";

    private readonly ConcurrentDictionary<string, long> _extenderCalls = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PodBinding> _bindings = new(StringComparer.Ordinal);
    private long _attempts;
    private long _failures;

    /// <summary>Calls made per verb role (<c>filter</c>, <c>prioritize</c>, <c>bind</c>), whatever their outcome.</summary>
    public IReadOnlyDictionary<string, long> ExtenderCalls => new SortedDictionary<string, long>(_extenderCalls, StringComparer.Ordinal);

    /// <summary>Every successful binding, by pod uid.</summary>
    public IReadOnlyCollection<PodBinding> Bindings => [.. _bindings.Values.OrderBy(b => b.Pod, StringComparer.Ordinal)];

    public long SchedulingAttempts => Interlocked.Read(ref _attempts);

    /// <summary>Attempts that ended with the pod marked unschedulable or with a scheduler error.</summary>
    public long FailedAttempts => Interlocked.Read(ref _failures);

    internal void CountExtenderCall(string verb) => _extenderCalls.AddOrUpdate(verb, 1, static (_, n) => n + 1);

    internal void CountAttempt() => Interlocked.Increment(ref _attempts);

    internal void CountFailure() => Interlocked.Increment(ref _failures);

    internal void RecordBinding(PodBinding binding) => _bindings[binding.PodUid] = binding;
}
