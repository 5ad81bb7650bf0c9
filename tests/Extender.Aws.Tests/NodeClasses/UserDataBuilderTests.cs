using Extender.Aws.Images;
using Extender.Aws.NodeClasses;
using Extender.Core.Catalog;
using Extender.Core.Cluster;
using Extender.Core.Resources;

namespace Extender.Aws.Tests.NodeClasses;

public sealed class UserDataBuilderTests
{
    private static readonly NodeBootstrap Bootstrap = new(
        "prod", "https://api", "Q0E=", "10.100.0.0/16",
        new Dictionary<string, string> { ["b"] = "2", ["a"] = "1" },
        [new Taint("gpu", "", "NoSchedule"), new Taint("team", "x", "NoExecute")]);

    [Fact]
    public void Build_NoUserData_WritesNodeConfigWithSortedLabelsAndTaints()
    {
        var text = UserDataBuilder.Build(AmiFamily.AL2023, Bootstrap, null);

        Assert.Equal("""
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="//"

            --//
            Content-Type: application/node.eks.aws

            apiVersion: node.eks.aws/v1alpha1
            kind: NodeConfig
            spec:
              cluster:
                name: "prod"
                apiServerEndpoint: "https://api"
                certificateAuthority: "Q0E="
                cidr: "10.100.0.0/16"
              kubelet:
                flags:
                - "--node-labels=a=1,b=2"
                - "--register-with-taints=gpu:NoSchedule,team=x:NoExecute"

            --//--

            """, text);
    }

    [Fact]
    public void Build_LabelsTheKubeletRefuses_LeftForRegistration()
    {
        var labels = new Dictionary<string, string>
        {
            ["team"] = "a",
            ["example.kubernetes.io/tier"] = "x",
            ["k8s.io/owner"] = "y",
            ["node.kubernetes.io/pool"] = "z",
            ["kubernetes.io/arch"] = "amd64",
            ["karpenter.sh/capacity-type"] = "spot",
        };

        var text = UserDataBuilder.Build(AmiFamily.AL2023, Bootstrap with { Labels = labels }, null);

        Assert.Contains("\"--node-labels=karpenter.sh/capacity-type=spot,kubernetes.io/arch=amd64,node.kubernetes.io/pool=z,team=a\"", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("team", true)]
    [InlineData("provisioning.extender.io/nodepool", true)]
    [InlineData("kubernetes.io/hostname", true)]
    [InlineData("failure-domain.beta.kubernetes.io/zone", true)]
    [InlineData("kubelet.kubernetes.io/x", true)]
    [InlineData("a.node.kubernetes.io/x", true)]
    [InlineData("kubernetes.io/team", false)]
    [InlineData("topology.kubernetes.io/rack", false)]
    [InlineData("k8s.io/x", false)]
    [InlineData("a.k8s.io/x", false)]
    public void Accepts_KeyByDomain_AsTheKubeletValidatesIt(string key, bool accepted)
    {
        Assert.Equal(accepted, KubeletLabels.Accepts(key));
    }

    [Fact]
    public void Build_ShellScript_AppendsItAsSecondPart()
    {
        var text = UserDataBuilder.Build(AmiFamily.AL2023, Bootstrap, "#!/bin/bash\necho hi\n");

        var parts = UserDataBuilder.UserParts(text);
        Assert.Equal(2, parts.Count);
        Assert.Equal("application/node.eks.aws", parts[0].ContentType);
        Assert.StartsWith("text/x-shellscript", parts[1].ContentType, StringComparison.Ordinal);
        Assert.Equal("#!/bin/bash\necho hi\n\n", parts[1].Body);
    }

    [Fact]
    public void Build_UserMimeDocument_KeepsEachOfItsParts()
    {
        const string User = "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"BOUNDARY\"\n\n--BOUNDARY\nContent-Type: application/node.eks.aws\n\nkind: NodeConfig\n\n--BOUNDARY\nContent-Type: text/x-shellscript\n\necho hi\n\n--BOUNDARY--\n";

        var parts = UserDataBuilder.UserParts(UserDataBuilder.Build(AmiFamily.AL2023, Bootstrap, User));

        Assert.Equal(["application/node.eks.aws", "application/node.eks.aws", "text/x-shellscript"], parts.Select(p => p.ContentType));
        Assert.Equal("kind: NodeConfig\n\n", parts[1].Body);
    }

    [Fact]
    public void Build_Bottlerocket_WritesKubernetesSettingsAsToml()
    {
        var text = UserDataBuilder.Build(AmiFamily.Bottlerocket, Bootstrap, "[settings.host-containers.admin]\nenabled = true\n");

        Assert.Equal("""
            [settings.kubernetes]
            "cluster-name" = "prod"
            "api-server" = "https://api"
            "cluster-certificate" = "Q0E="

            [settings.kubernetes.node-labels]
            "a" = "1"
            "b" = "2"

            [settings.kubernetes.node-taints]
            "gpu" = [":NoSchedule"]
            "team" = ["x:NoExecute"]

            [settings.host-containers.admin]
            enabled = true

            """, text);
    }

    [Fact]
    public void Build_Al2_UserPartsFirstThenBootstrapScript()
    {
        var parts = UserDataBuilder.UserParts(UserDataBuilder.Build(AmiFamily.AL2, Bootstrap, "#!/bin/bash\necho hi\n"));

        Assert.Equal(2, parts.Count);
        Assert.Equal("#!/bin/bash\necho hi\n\n", parts[0].Body);
        Assert.Equal("""
            #!/bin/bash -xe
            exec > >(tee /var/log/user-data.log|logger -t user-data -s 2>/dev/console) 2>&1
            /etc/eks/bootstrap.sh 'prod' --apiserver-endpoint 'https://api' --b64-cluster-ca 'Q0E=' \
            --kubelet-extra-args '--node-labels=a=1,b=2 --register-with-taints=gpu:NoSchedule,team=x:NoExecute'


            """, parts[1].Body);
    }

    private static readonly KubeletSettings Kubelet = new()
    {
        MaxPods = 20,
        KubeReserved = ResourceList.Of(("cpu", 200), ("memory", 512L * 1024 * 1024 * 1000)),
        EvictionHard = new Dictionary<string, string> { ["memory.available"] = "5%" },
        ClusterDns = ["10.100.0.10"],
    };

    [Fact]
    public void Build_Al2023WithKubelet_WritesNodeadmKubeletConfig()
    {
        var text = UserDataBuilder.Build(AmiFamily.AL2023, Bootstrap with { Labels = new Dictionary<string, string>(), Taints = [], Kubelet = Kubelet }, null);

        Assert.Contains("""
              kubelet:
                config:
                  maxPods: 20
                  kubeReserved:
                    "cpu": "200m"
                    "memory": "512Mi"
                  evictionHard:
                    "memory.available": "5%"
                  clusterDNS:
                  - "10.100.0.10"
                flags: []
            """, text, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_BottlerocketWithKubelet_WritesItsSettings()
    {
        var text = UserDataBuilder.Build(AmiFamily.Bottlerocket, Bootstrap with { Labels = new Dictionary<string, string>(), Taints = [], Kubelet = Kubelet }, null);

        Assert.Equal("""
            [settings.kubernetes]
            "cluster-name" = "prod"
            "api-server" = "https://api"
            "cluster-certificate" = "Q0E="
            "max-pods" = 20
            "cluster-dns-ip" = "10.100.0.10"

            [settings.kubernetes.kube-reserved]
            "cpu" = "200m"
            "memory" = "512Mi"

            [settings.kubernetes.eviction-hard]
            "memory.available" = "5%"

            """, text);
    }

    [Fact]
    public void Build_Al2WithKubelet_PassesBootstrapFlags()
    {
        var parts = UserDataBuilder.UserParts(UserDataBuilder.Build(AmiFamily.AL2, Bootstrap with { Labels = new Dictionary<string, string>(), Taints = [], Kubelet = Kubelet }, null));

        Assert.Contains(
            "--use-max-pods false \\\n--dns-cluster-ip '10.100.0.10' \\\n--kubelet-extra-args '--max-pods=20 --kube-reserved=cpu=200m,memory=512Mi --eviction-hard=memory.available<5%'",
            parts.Single().Body, StringComparison.Ordinal);
    }
}
