namespace Extender.Tests.Deployment;

public sealed class KustomizationTests
{
    // Installed on control-plane nodes by hand (mode b), or attached to an IAM role: never applied by kustomize.
    private static readonly string[] NotKustomized =
    [
        Path.Combine("scheduler-config", "default-scheduler-extender.yaml"),
        Path.Combine("manifests", "aws", "iam-policy.json"),
        Path.Combine("manifests", "aws", "interruption.cloudformation.yaml"),
    ];

    private static IEnumerable<string> KustomizationFiles() =>
        ManifestLoader.RepositoryFiles().Where(p => Path.GetFileName(p) == "kustomization.yaml");

    /// <summary>Absolute paths of every file a kustomization names, as resources, generator inputs or patches.</summary>
    private static IEnumerable<(string Kustomization, string Path)> ListedFiles()
    {
        foreach (var file in KustomizationFiles())
        {
            var kustomization = Assert.IsType<Kustomization>(Assert.Single(ManifestLoader.Load(File.ReadAllText(file))));
            var dir = Path.GetDirectoryName(file)!;
            foreach (var entry in kustomization.Resources.Concat(kustomization.ConfigMapGenerator.SelectMany(g => g.FilePaths())).Concat(kustomization.Patches.Select(p => p.Path!)))
            {
                yield return (file, Path.GetFullPath(Path.Combine(dir, entry)));
            }
        }
    }

    [Fact]
    public void Kustomizations_EveryFileInTheTree_IsListed()
    {
        var listed = ListedFiles().Select(l => l.Path).ToHashSet(StringComparer.Ordinal);
        var files = new[] { "manifests", "manifests-mode-b", "scheduler-config" }
            .SelectMany(d => Directory.EnumerateFiles(RepositoryRoot.Combine(d), "*", SearchOption.AllDirectories))
            .Where(p => Path.GetFileName(p) != "kustomization.yaml")
            .Where(p => !NotKustomized.Contains(Path.GetRelativePath(RepositoryRoot.Path, p)));

        Assert.Empty(files.Where(f => !listed.Contains(f)).Select(f => Path.GetRelativePath(RepositoryRoot.Path, f)));
    }

    [Fact]
    public void Kustomizations_EveryListedEntry_Exists()
    {
        // The CRDs come from their own issue; once manifests/crds/ exists, all three files must be there.
        var crds = RepositoryRoot.Combine("manifests", "crds");
        var missing = ListedFiles()
            .Where(l => !File.Exists(l.Path) && !File.Exists(Path.Combine(l.Path, "kustomization.yaml")))
            .Where(l => Directory.Exists(crds) || !l.Path.StartsWith(crds, StringComparison.Ordinal))
            .Select(l => $"{Path.GetRelativePath(RepositoryRoot.Path, l.Kustomization)}: {Path.GetRelativePath(RepositoryRoot.Path, l.Path)}");

        Assert.Empty(missing);
    }

    [Fact]
    public void RootKustomization_ListsTheThreeCrds()
    {
        var root = Assert.IsType<Kustomization>(Assert.Single(ManifestLoader.Load(File.ReadAllText(RepositoryRoot.Combine("manifests", "kustomization.yaml")))));

        Assert.Contains("crds/provisioning.extender.io_nodepools.yaml", root.Resources);
        Assert.Contains("crds/provisioning.extender.io_ec2nodeclasses.yaml", root.Resources);
        Assert.Contains("crds/provisioning.extender.io_nodeclaims.yaml", root.Resources);
    }
}
