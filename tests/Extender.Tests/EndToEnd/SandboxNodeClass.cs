namespace Extender.Tests.EndToEnd;

/// <summary>An EC2NodeClass for end-to-end scenarios: the sandbox's network by its discovery tag, AL2023 by alias.</summary>
internal static class SandboxNodeClass
{
    /// <summary>One <c>nodeClasses</c> entry (flow-style YAML, one line); <paramref name="extra"/> adds spec fields (<c>kubelet: { maxPods: 3 }</c>).</summary>
    public static string Entry(string name, string extra = "") =>
        $"- {{ apiVersion: provisioning.extender.io/v1alpha1, kind: EC2NodeClass, metadata: {{ name: {name} }}, spec: {{ role: KarpenterNodeRole-demo, "
        + "amiSelectorTerms: [{ alias: al2023@latest }], subnetSelectorTerms: [{ tags: { provisioning.extender.io/discovery: sandbox } }], "
        + "securityGroupSelectorTerms: [{ tags: { provisioning.extender.io/discovery: sandbox } }]"
        + (extra.Length == 0 ? "" : ", " + extra) + " } }";
}
