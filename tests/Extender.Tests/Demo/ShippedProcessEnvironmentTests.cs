using Extender.Demo;
using Extender.Tests.Deployment;

namespace Extender.Tests.Demo;

public sealed class ShippedProcessEnvironmentTests
{
    [Fact]
    public void Current_IsTheDeploymentFile_AndRunsWorkstationGc()
    {
        var file = ShippedProcessEnvironment.Runtime(File.ReadAllText(RepositoryRoot.Combine("manifests", "deployment.yaml")));

        Assert.Equal(file.OrderBy(v => v.Key), ShippedProcessEnvironment.Current.OrderBy(v => v.Key));
        Assert.Equal("0", file["DOTNET_gcServer"]);
    }

    [Fact]
    public void Runtime_TakesOnlyTheExtenderContainersLiteralDotnetVariables()
    {
        const string Manifest = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: not-a-deployment
            data:
              DOTNET_gcServer: "1"
            ---
            apiVersion: apps/v1
            kind: Deployment
            spec:
              template:
                spec:
                  containers:
                    - name: kube-scheduler
                      env:
                        - name: DOTNET_gcServer
                          value: "1"
                    - name: extender
                      env:
                        - name: DOTNET_GCHeapHardLimit
                          value: "0x40000000"
                        - name: DOTNET_FromSecret
                          valueFrom:
                            secretKeyRef: { name: s, key: k }
                        - name: EXTENDER__AWS__CLUSTERNAME
                          value: my-cluster
            """;

        var variables = ShippedProcessEnvironment.Runtime(Manifest);

        Assert.Equal([KeyValuePair.Create("DOTNET_GCHeapHardLimit", "0x40000000")], variables);
    }
}
