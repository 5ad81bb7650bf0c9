using Extender.Commands;

namespace Extender.Tests.Commands;

/// <summary>
/// Every command of the README's tables against every class of bad argument and bad input: exit 2 and one line that
/// names the option, file, object or field, never a stack trace (interfaces.md).
/// </summary>
public sealed class CliBadInputTests : IDisposable
{
    private static readonly string Data = Planning.PlanCommandTests.FindData();
    private readonly string _dir = Directory.CreateTempSubdirectory("cli-bad-").FullName;

    public static TheoryData<string, string> BadArguments => new()
    {
        { "demo --port notanumber", "--port: \"notanumber\" is not a port; expected a whole number from 0 to 65535" },
        { "demo --port 65536", "--port: \"65536\" is not a port" },
        { "demo --api-port 1.5", "--api-port: \"1.5\" is not a port" },
        { "demo --ec2-port x", "--ec2-port: \"x\" is not a port" },
        { "run --port abc", "--port: \"abc\" is not a port" },
        { "demo --duration soon", "--duration: \"soon\" is not a duration" },
        { "demo --phases scale-out", "--phases: \"scale-out\" is not a list of headroom, scale-in, interruption, none" },
        { "demo --frobnicate", "Unrecognized command or argument '--frobnicate'" },
        { "deploy", "Unrecognized command or argument 'deploy'" },
        { "plan", "Option '--pods' is required" },
        { "plan --pods {data}/workloads.yaml --output xml", "'xml'" },
        { "run --kubeconfig {dir}/missing", "--kubeconfig: file {dir}/missing does not exist" },
        { "demo --scenario {dir}/missing.yaml", "{dir}/missing.yaml" },
        { "demo --scenario {dir}/scenario.yaml", "{dir}/scenario.yaml" },
        { "plan --pods {dir}/missing.yaml", "{dir}/missing.yaml: cannot read the file" },
        { "plan --pods {dir}/empty", "{dir}/empty: the directory holds no .yaml, .yml or .json file" },
        { "plan --pods {dir}/quantity.yaml", "{dir}/quantity.yaml: Pod default/a: spec.containers[0].resources.requests.cpu: \"1.5 cor\" is not a valid value here" },
        { "plan --pods {dir}/tab.yaml", "{dir}/tab.yaml: line 5, column 1:" },
        { "plan --pods {dir}/noKind.yaml", "{dir}/noKind.yaml: object a (line 1): apiVersion and kind are required" },
        { "plan --pods {dir}/oldDeployment.yaml", "{dir}/oldDeployment.yaml: Deployment web: unsupported apiVersion/kind apps/v1beta1/Deployment" },
        { "plan --pods {data}/workloads.yaml --nodepools {dir}/missing.yaml", "{dir}/missing.yaml: cannot read the file" },
        { "plan --pods {data}/workloads.yaml --nodepools {data}/workloads.yaml", "only NodePools" },
        { "plan --pods {data}/workloads.yaml --catalog {dir}/quantity.yaml", "{dir}/quantity.yaml:" },
        { "plan --pods {data}/workloads.yaml --spot-discount abc", "--spot-discount: \"abc\" is not a number; expected a fraction in (0, 1]" },
        { "plan --pods {data}/workloads.yaml --spot-discount 1.5", "--spot-discount 1.5: must be in (0, 1]" },
        { "plan --pods {data}/workloads.yaml --spot-prices {dir}/missing.json", "{dir}/missing.json" },
    };

    public CliBadInputTests()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "empty"));
        File.WriteAllText(Path.Combine(_dir, "scenario.yaml"), "waves: [unclosed\n");
        File.WriteAllText(Path.Combine(_dir, "quantity.yaml"), "apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: default}\nspec:\n  containers:\n  - name: c\n    image: x\n    resources: {requests: {cpu: \"1.5 cor\"}}\n");
        File.WriteAllText(Path.Combine(_dir, "tab.yaml"), "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n\tnamespace: x\n");
        File.WriteAllText(Path.Combine(_dir, "noKind.yaml"), "metadata: {name: a}\n");
        File.WriteAllText(Path.Combine(_dir, "oldDeployment.yaml"), "apiVersion: apps/v1beta1\nkind: Deployment\nmetadata: {name: web}\n");
    }

    [Theory]
    [MemberData(nameof(BadArguments))]
    public async Task Invoke_BadArgumentOrInput_ExitsTwoWithOneLineNamingIt(string arguments, string expected)
    {
        var args = arguments.Replace("{dir}", _dir, StringComparison.Ordinal).Replace("{data}", Data, StringComparison.Ordinal).Split(' ');
        var output = new StringWriter();
        var error = new StringWriter();

        var code = await Cli.InvokeAsync(args, output, error);

        Assert.Equal(Cli.BadInput, code);
        var line = Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(expected.Replace("{dir}", _dir, StringComparison.Ordinal), line, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", line, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_NoArguments_PrintsTheCommandsAndExitsTwo()
    {
        var output = new StringWriter();

        var code = await Cli.InvokeAsync([], output, new StringWriter());

        Assert.Equal(Cli.BadInput, code);
        Assert.All(["run", "plan", "demo"], command => Assert.Contains($"  {command} ", output.ToString(), StringComparison.Ordinal));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
