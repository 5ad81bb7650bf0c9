using System.Text.Json.Nodes;

namespace Extender.Demo;

/// <summary>What <c>demo --no-workload</c> (or a scenario without any) starts with: one on-demand NodePool and its EC2NodeClass.</summary>
internal static class DefaultResources
{
    public const string SchedulerName = "ec2-capacity-scheduler";

    public static JsonObject NodeClass() => (JsonObject)JsonNode.Parse("""
        {
          "apiVersion": "provisioning.extender.io/v1alpha1", "kind": "EC2NodeClass", "metadata": { "name": "default" },
          "spec": {
            "role": "KarpenterNodeRole-demo",
            "amiSelectorTerms": [ { "tags": { "provisioning.extender.io/discovery": "sandbox" } } ],
            "subnetSelectorTerms": [ { "tags": { "provisioning.extender.io/discovery": "sandbox" } } ],
            "securityGroupSelectorTerms": [ { "tags": { "provisioning.extender.io/discovery": "sandbox" } } ]
          }
        }
        """)!;

    public static JsonObject NodePool() => (JsonObject)JsonNode.Parse("""
        {
          "apiVersion": "provisioning.extender.io/v1alpha1", "kind": "NodePool", "metadata": { "name": "default" },
          "spec": {
            "template": {
              "spec": {
                "nodeClassRef": { "group": "provisioning.extender.io", "kind": "EC2NodeClass", "name": "default" },
                "requirements": [
                  { "key": "provisioning.extender.io/capacity-type", "operator": "In", "values": ["on-demand"] },
                  { "key": "kubernetes.io/arch", "operator": "In", "values": ["amd64"] }
                ]
              }
            },
            "limits": { "cpu": "1000" }
          }
        }
        """)!;
}
