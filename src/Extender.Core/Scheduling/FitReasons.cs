namespace Extender.Core.Scheduling;

/// <summary>kube-scheduler's own filter reason strings, so extender reasons aggregate with in-tree ones in FitError.</summary>
public static class FitReasons
{
    public const string NodeUnschedulable = "node(s) were unschedulable";
    public const string NodeAffinity = "node(s) didn't match Pod's node affinity/selector";
    public const string NodePorts = "node(s) didn't have free ports for the requested pod ports";
    public const string TooManyPods = "Too many pods";
    public const string InsufficientPrefix = "Insufficient ";
    public const string PodAffinity = "node(s) didn't match pod affinity rules";
    public const string PodAntiAffinity = "node(s) didn't match pod anti-affinity rules";
    public const string ExistingPodsAntiAffinity = "node(s) didn't satisfy existing pods anti-affinity rules";

    /// <summary><c>node(s) had untolerated taint {key: value}</c>, as TaintToleration reports it.</summary>
    public static string UntoleratedTaint(string key, string value) => $"node(s) had untolerated taint {{{key}: {value}}}";
}
