using Extender.Kubernetes.CustomResources;
using Extender.Planning;
using k8s.Models;

namespace Extender.Tests.Planning;

public sealed class ManifestReaderTests
{
    private const string Pod = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: web-1
          namespace: shop
          labels: {version: 2, canary: true}
        spec:
          containers:
            - name: web
              image: web
              args: [--port, 8080]
              resources:
                requests: {cpu: 1, memory: 1Gi}
          tolerations:
            - {key: dedicated, operator: Equal, value: 1, effect: NoSchedule}
        """;

    [Fact]
    public void Read_PlainScalarsUnderStringFields_StayStrings()
    {
        var pod = Assert.IsType<V1Pod>(Assert.Single(Read(Pod)));

        Assert.Equal("2", pod.Metadata.Labels["version"]);
        Assert.Equal("true", pod.Metadata.Labels["canary"]);
        Assert.Equal(["--port", "8080"], pod.Spec.Containers[0].Args);
        Assert.Equal("1", pod.Spec.Tolerations[0].Value);
        Assert.Equal("1", pod.Spec.Containers[0].Resources.Requests["cpu"].ToString());
    }

    [Fact]
    public void Read_MultiDocumentListAndAnchors_ReadsEveryObject()
    {
        var text = Pod + """

            ---
            apiVersion: v1
            kind: List
            items:
              - apiVersion: apps/v1
                kind: Deployment
                metadata: {name: api}
                spec:
                  replicas: 3
                  selector: {matchLabels: {app: api}}
                  template: &template
                    metadata: {labels: {app: api}}
                    spec: {containers: [{name: api, image: api}]}
              - apiVersion: apps/v1
                kind: ReplicaSet
                metadata: {name: api-copy}
                spec: {replicas: 1, selector: {matchLabels: {app: api}}, template: *template}
              - apiVersion: karpenter.sh/v1
                kind: NodePool
                metadata: {name: default}
            ---
            """;

        var objects = Read(text);

        Assert.Collection(objects,
            o => Assert.IsType<V1Pod>(o),
            o => Assert.Equal(3, Assert.IsType<V1Deployment>(o).Spec.Replicas),
            o => Assert.Equal("api", Assert.IsType<V1ReplicaSet>(o).Spec.Template.Metadata.Labels["app"]),
            o => Assert.Equal("default", Assert.IsType<NodePoolResource>(o).Metadata.Name));
    }

    [Fact]
    public void Read_Json_ReadsObject()
    {
        var pod = Assert.IsType<V1Pod>(Assert.Single(Read("""{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "a", "labels": {"n": "1"}}}""")));

        Assert.Equal("a", pod.Metadata.Name);
    }

    [Theory]
    [InlineData("apiVersion: v9\nkind: Pod\nmetadata: {name: a}\n", "Pod a", "unsupported apiVersion/kind v9/Pod")]
    [InlineData("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\nspec: {replicas: many}\n", "Deployment api", "field spec.replicas")]
    [InlineData("- just\n- a list\n", "document at line", "expected a Kubernetes object")]
    [InlineData("kind: List\nitems:\n- {kind: Pod}\n- {kind: Pod\n- {kind: Pod}\n", "not valid YAML", "")]
    public void Read_BadObject_NamesFileObjectAndProblem(string text, string what, string problem)
    {
        var error = Assert.Throws<PlanInputException>(() => Read(text));

        Assert.Contains(".yaml", error.Message, StringComparison.Ordinal);
        Assert.Contains(what, error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    private static List<object> Read(string text)
    {
        var path = Path.Combine(Path.GetTempPath(), $"manifest-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, text);
        try
        {
            return ManifestReader.Read(path);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
