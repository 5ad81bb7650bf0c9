using Extender.Planning;

namespace Extender.Tests.Planning;

public sealed class ParallelYamlTests
{
    private const string KubectlList = """
        apiVersion: v1
        items:
        - apiVersion: v1
          kind: Pod
          metadata:
            name: a
            labels: {version: 2}
          spec:
            containers:
            - name: app
              args:
              - |
                - not an item
                items:
        # a comment at column 0 inside the list
        - apiVersion: v1
          kind: Pod
          metadata: {name: b}
        -
          apiVersion: v1
          kind: Pod
          metadata: {name: c}
        kind: List
        metadata:
          resourceVersion: ""
        """;

    public static TheoryData<string> Streams => new()
    {
        KubectlList,
        KubectlList + "\n---\n" + KubectlList.Replace("name: a", "name: d", StringComparison.Ordinal),
        "---\napiVersion: v1\nkind: Pod\nmetadata: {name: x}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: y}\n",
        "apiVersion: v1\nkind: List\nitems:\n  - {apiVersion: v1, kind: Pod, metadata: {name: indented}}\n",
        "kind: List\nitems:\n- &shared {apiVersion: v1, kind: Pod, metadata: {name: anchor}}\n- *shared\n",
        "kind: List\r\nitems:\r\n- {kind: Pod, metadata: {name: crlf}}\r\n- {kind: Pod, metadata: {name: crlf2}}\r\n",
        "%YAML 1.2\n---\nkind: List\nitems:\n- {kind: Pod}\n",
        "kind: List\nitems: []\n",
        "",
    };

    [Theory]
    [MemberData(nameof(Streams))]
    public void Parse_AnyStream_SameTreesAndLinesAsSequentialParse(string text)
    {
        var expected = YamlJsonTree.Parse(text);

        var actual = ParallelYaml.Parse(text);

        Assert.Equal(expected.Select(d => (d.Document?.ToJsonString(), d.Line)), actual.Select(d => (d.Document?.ToJsonString(), d.Line)));
    }

    [Fact]
    public void Parse_SyntaxErrorInAnEntry_ThrowsWithTheLineOfTheWholeFile()
    {
        var text = "kind: List\nitems:\n- kind: Pod\n- kind: Pod\n  name: a: b\n- kind: Pod\n";

        var expected = Assert.ThrowsAny<YamlDotNet.Core.YamlException>(() => YamlJsonTree.Parse(text));
        var actual = Assert.ThrowsAny<YamlDotNet.Core.YamlException>(() => ParallelYaml.Parse(text));

        Assert.Equal(expected.Start.Line, actual.Start.Line);
    }
}
