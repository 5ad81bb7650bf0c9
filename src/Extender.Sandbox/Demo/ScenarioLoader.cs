using System.Text.Json;
using System.Text.Json.Serialization;
using Extender.Core.Resources;
using YamlDotNet.Core;

namespace Extender.Sandbox.Demo;

/// <summary>Loads and validates scenario files, and the built-in scenario embedded in this assembly.</summary>
public static class ScenarioLoader
{
    public const string BuiltInName = "built-in";

    private const string BuiltInResource = "Extender.Sandbox.Demo.builtin-scenario.yaml";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new DurationConverter() },
    };

    public static Scenario LoadBuiltIn()
    {
        using var stream = typeof(ScenarioLoader).Assembly.GetManifestResourceStream(BuiltInResource)
            ?? throw new InvalidOperationException($"embedded resource {BuiltInResource} is missing from the build");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), BuiltInName) with { Name = BuiltInName };
    }

    public static Scenario LoadFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ScenarioException($"{path}: {e.Message}", e);
        }

        return Parse(text, path) with { Name = Path.GetFileName(path) };
    }

    /// <summary>Parses and validates; <paramref name="source"/> names the input in error messages.</summary>
    public static Scenario Parse(string yaml, string source)
    {
        Scenario? scenario;
        try
        {
            scenario = YamlJson.Parse(yaml)?.Deserialize<Scenario>(Json);
        }
        catch (YamlException e)
        {
            throw new ScenarioException($"{source}: line {e.Start.Line}: {e.Message}", e);
        }
        catch (JsonException e)
        {
            throw new ScenarioException($"{source}: {e.Path?.TrimStart('$', '.')}: {e.Message}", e);
        }

        if (scenario is null)
        {
            throw new ScenarioException($"{source}: the file is empty");
        }

        scenario = scenario with { Waves = [.. scenario.Waves.Select((w, i) => w.Name.Length > 0 ? w : w with { Name = $"wave-{i + 1}" })] };
        Validate(scenario, source);
        return scenario;
    }

    private static void Validate(Scenario scenario, string source)
    {
        Require(scenario.BootSeconds >= 0, source, "bootSeconds", "must not be negative");
        Require(scenario.SpotDiscount is null or (> 0 and <= 1), source, "spotDiscount", "must be in (0, 1]");
        Require(scenario.Faults.ThrottlingRate is >= 0 and <= 1, source, "faults.throttlingRate", "must be in [0, 1]");
        if (scenario.Faults.SpotInterruption is { } interruption)
        {
            Require(interruption.Nodes > 0, source, "faults.spotInterruption.nodes", "must be positive");
            Require(interruption.Notice > TimeSpan.Zero, source, "faults.spotInterruption.notice", "must be positive");
        }

        for (var i = 0; i < scenario.Waves.Count; i++)
        {
            var wave = scenario.Waves[i];
            var field = $"waves[{i}] ({wave.Name})";
            Require((wave.Template is null) != (wave.Pods is null), source, field, "needs exactly one of template and pods");
            Require(wave.Count > 0, source, field + ".count", "must be positive");
            Require(wave.At >= TimeSpan.Zero, source, field + ".at", "must not be negative");
            Require(wave.Workload is Wave.PodWorkload or Wave.DeploymentWorkload, source, field + ".workload", $"\"{wave.Workload}\" is not Pod or Deployment");
            Require(!wave.IsDeployment || wave.Template is not null, source, field + ".workload", "a Deployment needs a template, not pods");
            Require(wave.ScaleTo is null || (wave.ScaleTo >= 0 && wave.ScaleTo <= (wave.Pods?.Count ?? wave.Count)), source, field + ".scaleTo", "must be from 0 to the wave's pod count");
            Require(wave.ScaleUpTo is null || wave.IsDeployment, source, field + ".scaleUpTo", "only a Deployment wave is scaled up");
            Require(wave.ScaleUpTo is null || wave.ScaleUpTo > wave.Count, source, field + ".scaleUpTo", "must be more than the wave's count");
            if (wave.Template is { } template)
            {
                Require(Quantity.TryParseMilli(template.Cpu, out _), source, field + ".template.cpu", $"\"{template.Cpu}\" is not a quantity");
                Require(Quantity.TryParseMilli(template.Memory, out _), source, field + ".template.memory", $"\"{template.Memory}\" is not a quantity");
                Require(template.Gpu >= 0, source, field + ".template.gpu", "must not be negative");
            }
        }

        if (scenario.Waves.Select(w => w.Name).GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            throw new ScenarioException($"{source}: waves: the name \"{duplicate.Key}\" is used twice");
        }

        for (var i = 0; i < scenario.CapacityBuffers.Count; i++)
        {
            var buffer = scenario.CapacityBuffers[i];
            if (CapacityBufferManifests.Check(buffer, scenario.Waves) is { } problem)
            {
                var name = CapacityBufferManifests.Name(buffer) is { Length: > 0 } named ? $" ({named})" : "";
                throw new ScenarioException($"{source}: capacityBuffers[{i}]{name}.{problem.Field}: {problem.Problem}");
            }
        }

        if (scenario.CapacityBuffers.Select(b => $"{CapacityBufferManifests.Namespace(b)}/{CapacityBufferManifests.Name(b)}").GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new ScenarioException($"{source}: capacityBuffers: \"{twice.Key}\" is named twice");
        }
    }

    private static void Require(bool condition, string source, string field, string problem)
    {
        if (!condition)
        {
            throw new ScenarioException($"{source}: {field}: {problem}");
        }
    }
}
