using System.Globalization;

namespace Extender.Benchmarks.Scale;

/// <summary>The <c>scale</c> command's arguments.</summary>
internal sealed record ScaleOptions
{
    public const string Usage = """
        scale: bursts of pods through the published demo with the sidecar in its own process (issue 24).
        usage: scale [--pods 1000,5000,10000,20000] [--runs 1] [--mixed 5000] [--duration SECONDS] [--out DIR]
          --pods      burst sizes, comma-separated (one wave of 500m/1Gi pods, Scale/burst.yaml); 0 or none: skip
          --runs      runs of each burst, one after another (default 1)
          --mixed     pods of the mixed burst with a zone-spread kind (Scale/mixed.yaml); 0: skip (default 5000)
          --duration  seconds each run may take before the demo stops it (default 60 + 0.02 per pod)
          --out       where the reports, demo logs and scenarios go (default: a new temp directory)
        Publish first: dotnet publish src/Extender/Extender.csproj -c Release -o artifacts/publish
        """;

    public IReadOnlyList<int> Pods { get; init; } = [1000, 5000, 10000, 20000];
    public int Runs { get; init; } = 1;
    public int Mixed { get; init; } = 5000;
    public int? DurationSeconds { get; init; }
    public string? Out { get; init; }
    public bool Help { get; init; }

    /// <summary>Null and <paramref name="error"/> set (one line) when an argument is wrong.</summary>
    public static ScaleOptions? Parse(IReadOnlyList<string> args, out string? error)
    {
        error = null;
        var options = new ScaleOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name is "--help" or "-h")
            {
                return options with { Help = true };
            }

            if (i + 1 >= args.Count)
            {
                error = $"{name}: {(name.StartsWith("--", StringComparison.Ordinal) ? "needs a value" : "unknown argument")}";
                return null;
            }

            var value = args[++i];
            switch (name)
            {
                case "--pods":
                    var sizes = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    if (sizes.Any(s => !TryCount(s, out _)))
                    {
                        error = $"--pods: \"{value}\" is not a comma-separated list of pod counts (0 to 100000)";
                        return null;
                    }

                    options = options with { Pods = [.. sizes.Select(s => int.Parse(s, CultureInfo.InvariantCulture)).Where(n => n > 0)] };
                    break;
                case "--runs" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var runs) && runs is >= 1 and <= 100:
                    options = options with { Runs = runs };
                    break;
                case "--mixed" when TryCount(value, out var mixed):
                    options = options with { Mixed = mixed };
                    break;
                case "--duration" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds is >= 1 and <= 86400:
                    options = options with { DurationSeconds = seconds };
                    break;
                case "--out":
                    options = options with { Out = value };
                    break;
                case "--runs" or "--mixed" or "--duration":
                    error = $"{name}: \"{value}\" is out of range (--runs 1-100, --mixed 0-100000, --duration 1-86400 seconds)";
                    return null;
                default:
                    error = $"{name}: unknown argument (see scale --help)";
                    return null;
            }
        }

        return options;
    }

    private static bool TryCount(string text, out int count) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out count) && count <= 100_000;
}
