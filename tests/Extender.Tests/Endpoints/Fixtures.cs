namespace Extender.Tests.Endpoints;

/// <summary>The kube-scheduler payloads of the shared fixture set, copied next to the test assembly.</summary>
internal static class Fixtures
{
    public const string NodeA = "ip-10-0-1-23.us-west-2.compute.internal";
    public const string NodeB = "ip-10-0-2-87.us-west-2.compute.internal";
    public const string NodeC = "ip-10-0-3-141.us-west-2.compute.internal";
    public const string PodUid = "7c1f3a52-9e0b-4d8e-b6a2-3f5c9d1e8a47";

    public static string Read(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));
}
