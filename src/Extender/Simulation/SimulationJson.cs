using System.Text.Json;

namespace Extender.Simulation;

/// <summary>The report as one JSON object (camelCase, as <c>plan</c> and <c>demo</c> write theirs).</summary>
internal static class SimulationJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static string Serialize(SimulationReport report) => JsonSerializer.Serialize(report, Options);
}
