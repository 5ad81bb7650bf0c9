using Extender.Kubernetes.CustomResources;
using k8s;
using k8s.Models;

namespace Extender.Kubernetes.Tests.CustomResources;

/// <summary>
/// Which fields the drift hashes cover, from Karpenter's tables: the NodePool's static fields
/// (pkg/controllers/nodeclaim/disruption/drift_test.go, "NodePool Static Drift"; pkg/controllers/nodepool/hash,
/// "should not update the drift hash when NodePool behavior field is updated") and the EC2NodeClass's
/// (karpenter-provider-aws pkg/apis/v1/ec2nodeclass_hash_test.go).
/// </summary>
public sealed class ResourceHashTests
{
    // Upstream's base NodePool: two annotations, two labels, a taint, a startup taint, expireAfter 5m, terminationGracePeriod 5m.
    private const string BaseNodePool = """
        apiVersion: provisioning.extender.io/v1alpha1
        kind: NodePool
        metadata: {name: default}
        spec:
          template:
            metadata:
              annotations: {keyAnnotation: valueAnnotation, keyAnnotation2: valueAnnotation2}
              labels: {keyLabel: valueLabel, keyLabel2: valueLabel2}
            spec:
              requirements:
              - {key: provisioning.extender.io/capacity-type, operator: In, values: [on-demand]}
              nodeClassRef: {group: provisioning.extender.io, kind: EC2NodeClass, name: default}
              taints: [{key: keyvalue1, effect: NoExecute}]
              startupTaints: [{key: startupkeyvalue1, effect: NoExecute}]
              expireAfter: 5m
              terminationGracePeriod: 5m
          disruption: {consolidationPolicy: WhenEmpty, consolidateAfter: 30s, budgets: [{nodes: "10%"}]}
          limits: {cpu: "100"}
          weight: 10
        """;

    private const string BaseNodeClass = """
        apiVersion: provisioning.extender.io/v1alpha1
        kind: EC2NodeClass
        metadata: {name: default}
        spec:
          role: role-1
          tags: {keyTag-1: valueTag-1, keyTag-2: valueTag-2}
          metadataOptions: {httpEndpoint: disabled, httpProtocolIPv6: disabled, httpPutResponseHopLimit: 1, httpTokens: optional}
          blockDeviceMappings:
          - deviceName: map-device-1
            ebs: {kmsKeyID: fakeKMSKeyID, snapshotID: fakeSnapshot, volumeSize: 2G, volumeType: standard}
          - deviceName: map-device-2
          userData: userdata-test-1
          subnetSelectorTerms: [{tags: {karpenter.sh/discovery: cluster}}]
          securityGroupSelectorTerms: [{tags: {karpenter.sh/discovery: cluster}}]
          amiSelectorTerms: [{name: al2023}]
        """;

    public static TheoryData<string, Action<NodePoolResource>> StaticNodePoolFields => new()
    {
        { "Annotations", p => p.Spec.Template.Metadata!.Annotations!["keyAnnotationTest"] = "valueAnnotationTest" },
        { "Labels", p => p.Spec.Template.Metadata!.Labels!["keyLabelTest"] = "valueLabelTest" },
        { "Taints", p => p.Spec.Template.Spec.Taints = [new V1Taint { Key = "keytest2taint", Effect = "NoExecute" }] },
        { "StartupTaints", p => p.Spec.Template.Spec.StartupTaints = [new V1Taint { Key = "keytest2taint", Effect = "NoExecute" }] },
        { "NodeClassRef Name", p => p.Spec.Template.Spec.NodeClassRef!.Name = "testName" },
        { "ExpireAfter", p => p.Spec.Template.Spec.ExpireAfter = "100m" },
        { "TerminationGracePeriod", p => p.Spec.Template.Spec.TerminationGracePeriod = "100m" },
    };

    public static TheoryData<string, Action<NodePoolResource>> BehaviourNodePoolFields => new()
    {
        { "Requirements", p => p.Spec.Template.Spec.Requirements!.Add(new NodePoolRequirement { Key = "kubernetes.io/arch", Operator = "In", Values = ["arm64"] }) },
        { "Budgets", p => p.Spec.Disruption!.Budgets = [new NodePoolBudget { Nodes = "20%" }] },
        { "ConsolidateAfter", p => p.Spec.Disruption!.ConsolidateAfter = "1m" },
        { "ConsolidationPolicy", p => p.Spec.Disruption!.ConsolidationPolicy = "WhenEmptyOrUnderutilized" },
        { "Limits", p => p.Spec.Limits = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("200") } },
        { "Weight", p => p.Spec.Weight = 20 },
        { "Taints reordered", p => p.Spec.Template.Spec.Taints = [new V1Taint { Key = "second", Effect = "NoSchedule" }, .. p.Spec.Template.Spec.Taints!] },
    };

    [Theory]
    [MemberData(nameof(StaticNodePoolFields))]
    public void NodePool_StaticFieldChanged_HashChanges(string field, Action<NodePoolResource> change)
    {
        var before = ResourceHash.NodePool(Pool());
        var pool = Pool();
        change(pool);

        Assert.True(before != ResourceHash.NodePool(pool), $"{field} did not change the hash");
    }

    [Theory]
    [MemberData(nameof(BehaviourNodePoolFields))]
    public void NodePool_BehaviourFieldChanged_HashKept(string field, Action<NodePoolResource> change)
    {
        var reordered = field == "Taints reordered";
        var before = ResourceHash.NodePool(reordered ? Pool(p => p.Spec.Template.Spec.Taints!.Add(new V1Taint { Key = "second", Effect = "NoSchedule" })) : Pool());
        var pool = Pool();
        change(pool);

        Assert.True(before == ResourceHash.NodePool(pool), $"{field} changed the hash");
    }

    [Fact]
    public void NodePool_EmptyListsAndMapsAsIfUnset_HashKept()
    {
        // hashstructure's IgnoreZeroValue + ZeroNil: a field added with no value must not drift the fleet.
        var unset = Pool(p => (p.Spec.Template.Spec.StartupTaints, p.Spec.Template.Metadata!.Annotations) = (null, null));
        var empty = Pool(p => (p.Spec.Template.Spec.StartupTaints, p.Spec.Template.Metadata!.Annotations) = ([], new Dictionary<string, string>()));

        Assert.Equal(ResourceHash.NodePool(unset), ResourceHash.NodePool(empty));
    }

    [Fact]
    public void NodePool_SameTemplate_SameHashAcrossCalls()
    {
        Assert.Equal(ResourceHash.NodePool(Pool()), ResourceHash.NodePool(Pool()));
        Assert.Matches("^[0-9]+$", ResourceHash.NodePool(Pool()));
    }

    public static TheoryData<string, Action<EC2NodeClass>> StaticNodeClassFields => new()
    {
        { "UserData", c => c.Spec.UserData = "userdata-test-2" },
        { "Tags", c => c.Spec.Tags!["keyTag-test-3"] = "valueTag-test-3" },
        { "DetailedMonitoring", c => c.Spec.DetailedMonitoring = true },
        { "AssociatePublicIPAddress", c => c.Spec.AssociatePublicIPAddress = true },
        { "InstanceProfile", c => (c.Spec.Role, c.Spec.InstanceProfile) = (null, "test-instance-profile") },
        { "MetadataOptions HTTPEndpoint", c => c.Spec.MetadataOptions!.HttpEndpoint = "enabled" },
        { "MetadataOptions HTTPProtocolIPv6", c => c.Spec.MetadataOptions!.HttpProtocolIPv6 = "enabled" },
        { "MetadataOptions HTTPPutResponseHopLimit", c => c.Spec.MetadataOptions!.HttpPutResponseHopLimit = 10 },
        { "MetadataOptions HTTPTokens", c => c.Spec.MetadataOptions!.HttpTokens = "required" },
        { "BlockDeviceMapping DeviceName", c => c.Spec.BlockDeviceMappings![0].DeviceName = "map-device-test-3" },
        { "BlockDeviceMapping RootVolume", c => c.Spec.BlockDeviceMappings![0].RootVolume = true },
        { "BlockDeviceMapping DeleteOnTermination", c => c.Spec.BlockDeviceMappings![0].Ebs!.DeleteOnTermination = true },
        { "BlockDeviceMapping Encrypted", c => c.Spec.BlockDeviceMappings![0].Ebs!.Encrypted = true },
        { "BlockDeviceMapping IOPS", c => c.Spec.BlockDeviceMappings![0].Ebs!.Iops = 10 },
        { "BlockDeviceMapping KMSKeyID", c => c.Spec.BlockDeviceMappings![0].Ebs!.KmsKeyID = "test" },
        { "BlockDeviceMapping SnapshotID", c => c.Spec.BlockDeviceMappings![0].Ebs!.SnapshotID = "test" },
        { "BlockDeviceMapping Throughput", c => c.Spec.BlockDeviceMappings![0].Ebs!.Throughput = 10 },
        { "BlockDeviceMapping VolumeSize", c => c.Spec.BlockDeviceMappings![0].Ebs!.VolumeSize = new ResourceQuantity("10G") },
        { "BlockDeviceMapping VolumeType", c => c.Spec.BlockDeviceMappings![0].Ebs!.VolumeType = "io1" },
    };

    public static TheoryData<string, Action<EC2NodeClass>> IgnoredNodeClassFields => new()
    {
        { "Modified AMISelector", c => c.Spec.AmiSelectorTerms = [new EC2NodeClassAmiSelectorTerm { Tags = new Dictionary<string, string> { [""] = "ami-test-value" } }] },
        { "Modified SubnetSelector", c => c.Spec.SubnetSelectorTerms = [new EC2NodeClassSelectorTerm { Tags = new Dictionary<string, string> { ["subnet-test-key"] = "subnet-test-value" } }] },
        { "Modified SecurityGroupSelector", c => c.Spec.SecurityGroupSelectorTerms = [new EC2NodeClassSelectorTerm { Tags = new Dictionary<string, string> { ["security-group-test-key"] = "security-group-test-value" } }] },
        { "Reordered tags", c => c.Spec.Tags = new Dictionary<string, string> { ["keyTag-2"] = "valueTag-2", ["keyTag-1"] = "valueTag-1" } },
        { "Reordered blockDeviceMappings", c => c.Spec.BlockDeviceMappings = [c.Spec.BlockDeviceMappings![1], c.Spec.BlockDeviceMappings[0]] },
        { "Status", c => c.Status = new EC2NodeClassStatus { Subnets = [new EC2NodeClassResolvedSubnet { Id = "subnet-2", Zone = "us-east-1b" }] } },
    };

    [Theory]
    [MemberData(nameof(StaticNodeClassFields))]
    public void Ec2NodeClass_StaticFieldChanged_HashChanges(string field, Action<EC2NodeClass> change)
    {
        var before = ResourceHash.Ec2NodeClass(NodeClass());
        var nodeClass = NodeClass();
        change(nodeClass);

        Assert.True(before != ResourceHash.Ec2NodeClass(nodeClass), $"{field} did not change the hash");
    }

    [Theory]
    [MemberData(nameof(IgnoredNodeClassFields))]
    public void Ec2NodeClass_IgnoredFieldOrOrderChanged_HashKept(string field, Action<EC2NodeClass> change)
    {
        var before = ResourceHash.Ec2NodeClass(NodeClass());
        var nodeClass = NodeClass();
        change(nodeClass);

        Assert.True(before == ResourceHash.Ec2NodeClass(nodeClass), $"{field} changed the hash");
    }

    private static NodePoolResource Pool(Action<NodePoolResource>? change = null)
    {
        var pool = KubernetesYaml.Deserialize<NodePoolResource>(BaseNodePool);
        change?.Invoke(pool);
        return pool;
    }

    private static EC2NodeClass NodeClass() => KubernetesYaml.Deserialize<EC2NodeClass>(BaseNodeClass);
}
