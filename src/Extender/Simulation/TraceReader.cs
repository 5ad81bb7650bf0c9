using System.Globalization;
using Extender.Core.Disruption;
using Extender.Core.Resources;
using Extender.Planning;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Extender.Simulation;

/// <summary>
/// Reads a trace file (README, "SimulationTrace files"). Every mistake is one <see cref="PlanInputException"/> naming the file
/// and the field (<c>day.yaml: events[3].scale.cpu: "2 cores" is not a quantity</c>).
/// </summary>
internal static class TraceReader
{
    private static readonly string[] TopLevel = ["duration", "bootTime", "disruptionInterval", "sampleInterval", "events", "diurnal"];
    private static readonly string[] ScaleFields = ["name", "replicas", "cpu", "memory", "gpu"];
    private static readonly string[] ArriveFields = ["name", "count", "cpu", "memory", "gpu", "lifetime"];
    private static readonly string[] DiurnalFields = ["seed", "peakPods", "hours"];

    public static SimulationTrace Read(string path) => Parse(ManifestReader.ReadText(path), path);

    public static SimulationTrace Parse(string text, string path)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new PlanInputException($"{path}: line {e.Start.Line}: not valid YAML: {e.Message}", e);
        }

        var root = stream.Documents.Count == 0 ? new YamlMappingNode() : stream.Documents[0].RootNode as YamlMappingNode
            ?? throw new PlanInputException($"{path}: expected a mapping with events (and optional settings) at the top");
        var fields = new Reader(path, "");
        fields.Known(root, TopLevel);
        var events = new List<TraceEvent>();
        if (Child(root, "events") is { } list)
        {
            events.AddRange(ReadEvents(list, fields));
        }

        var diurnal = Child(root, "diurnal") is YamlMappingNode generator ? ReadDiurnal(generator, fields.At("diurnal")) : null;
        if (diurnal is not null)
        {
            events.AddRange(diurnal.Events());
        }

        var ordered = events.OrderBy(e => e.At).ToList();
        var duration = fields.Duration(root, "duration")
            ?? diurnal?.Length
            ?? (ordered.Count == 0 ? TimeSpan.Zero : ordered.Max(e => e.At + (e.Lifetime ?? TimeSpan.Zero))) + TimeSpan.FromHours(1);
        var trace = new SimulationTrace { Duration = duration, Events = ordered };
        return trace with
        {
            BootTime = fields.Duration(root, "bootTime") ?? trace.BootTime,
            DisruptionInterval = fields.Positive(root, "disruptionInterval") ?? trace.DisruptionInterval,
            SampleInterval = fields.Positive(root, "sampleInterval") ?? trace.SampleInterval,
        };
    }

    private static List<TraceEvent> ReadEvents(YamlNode node, Reader fields)
    {
        if (node is not YamlSequenceNode sequence)
        {
            throw fields.At("events").Fail("expected a list");
        }

        // A scale event may leave out the sizes its group was given earlier in the file.
        var sizes = new Dictionary<string, ResourceList>(StringComparer.Ordinal);
        var events = new List<TraceEvent>();
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var at = fields.At($"events[{i}]");
            if (sequence.Children[i] is not YamlMappingNode item)
            {
                throw at.Fail("expected a mapping with at and scale or arrive");
            }

            at.Known(item, ["at", "scale", "arrive"]);
            var when = at.Duration(item, "at") ?? throw at.At("at").Fail("is required (e.g. 10m)");
            events.Add((Child(item, "scale"), Child(item, "arrive")) switch
            {
                (YamlMappingNode scale, null) => Scale(when, scale, at.At("scale"), sizes),
                (null, YamlMappingNode arrive) => Arrive(when, arrive, at.At("arrive")),
                _ => throw at.Fail("expected exactly one of scale: {name, replicas, cpu, memory} or arrive: {name, count, cpu, memory, lifetime}"),
            });
        }

        return events;
    }

    private static TraceEvent Scale(TimeSpan at, YamlMappingNode node, Reader fields, Dictionary<string, ResourceList> sizes)
    {
        fields.Known(node, ScaleFields);
        var name = fields.Name(node);
        var replicas = fields.Count(node, "replicas") ?? throw fields.At("replicas").Fail("is required");
        var requests = fields.Requests(node, required: !sizes.ContainsKey(name)) ?? sizes[name];
        sizes[name] = requests;
        return new TraceEvent(at, name, requests) { Replicas = replicas };
    }

    private static TraceEvent Arrive(TimeSpan at, YamlMappingNode node, Reader fields)
    {
        fields.Known(node, ArriveFields);
        return new TraceEvent(at, fields.Name(node), fields.Requests(node, required: true)!)
        {
            Count = fields.Count(node, "count") ?? 1,
            Lifetime = fields.Positive(node, "lifetime"),
        };
    }

    private static DiurnalTrace ReadDiurnal(YamlMappingNode node, Reader fields)
    {
        fields.Known(node, DiurnalFields);
        var hours = fields.Count(node, "hours") ?? 24;
        var peak = fields.Count(node, "peakPods") ?? DiurnalTrace.DefaultPeakPods;
        if (hours < 1 || peak < 10)
        {
            throw hours < 1 ? fields.At("hours").Fail("must be at least 1") : fields.At("peakPods").Fail("must be at least 10");
        }

        return new DiurnalTrace(fields.Count(node, "seed") ?? 1, peak, TimeSpan.FromHours(hours));
    }

    private static YamlNode? Child(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    /// <summary>Reads the scalar fields of one mapping, naming the file and the field path in every error.</summary>
    private sealed record Reader(string Path, string Prefix)
    {
        public Reader At(string field) => this with { Prefix = Prefix.Length == 0 ? field : $"{Prefix}.{field}" };

        public PlanInputException Fail(string message) =>
            new(Prefix.Length == 0 ? $"{Path}: {message}" : $"{Path}: {Prefix}: {message}");

        public void Known(YamlMappingNode node, string[] allowed)
        {
            foreach (var key in node.Children.Keys)
            {
                var name = (key as YamlScalarNode)?.Value ?? "";
                if (!allowed.Contains(name, StringComparer.Ordinal))
                {
                    throw At(name).Fail($"unknown field; expected one of {string.Join(", ", allowed)}");
                }
            }
        }

        public string Name(YamlMappingNode node) =>
            Scalar(node, "name") is { Length: > 0 } name ? name : throw At("name").Fail("is required");

        public TimeSpan? Duration(YamlMappingNode node, string key) => Scalar(node, key) is not { } text
            ? null
            : Durations.TryParse(text, out var value) ? value : throw At(key).Fail($"\"{text}\" is not a duration; expected e.g. 90s, 10m, 1h30m");

        public TimeSpan? Positive(YamlMappingNode node, string key) => Duration(node, key) is { } value && value <= TimeSpan.Zero
            ? throw At(key).Fail("must be longer than 0s")
            : Duration(node, key);

        public int? Count(YamlMappingNode node, string key) => Scalar(node, key) is not { } text
            ? null
            : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : throw At(key).Fail($"\"{text}\" is not a whole number of 0 or more");

        public ResourceList? Requests(YamlMappingNode node, bool required)
        {
            var cpu = Quantity(node, "cpu");
            var memory = Quantity(node, "memory");
            if (cpu is null && memory is null && !required)
            {
                return null;
            }

            if (cpu is null || memory is null)
            {
                throw cpu is null ? At("cpu").Fail("is required (e.g. 500m)") : At("memory").Fail("is required (e.g. 1Gi)");
            }

            var requests = TraceEvent.PodRequests(cpu.Value, memory.Value);
            return Quantity(node, "gpu") is { } gpu and > 0 ? requests.With(ResourceNames.NvidiaGpu, gpu) : requests;
        }

        private long? Quantity(YamlMappingNode node, string key)
        {
            if (Scalar(node, key) is not { } text)
            {
                return null;
            }

            return Core.Resources.Quantity.TryParseMilli(text, out var milli, out var error) && milli >= 0
                ? milli
                : throw At(key).Fail($"\"{text}\" is not a quantity{(error.Length > 0 ? $" ({error})" : "")}; expected e.g. 500m, 2, 1Gi");
        }

        private string? Scalar(YamlMappingNode node, string key) => Child(node, key) switch
        {
            null => null,
            YamlScalarNode scalar => scalar.Value,
            _ => throw At(key).Fail("expected a single value"),
        };
    }
}
