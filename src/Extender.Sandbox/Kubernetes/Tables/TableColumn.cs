using System.Text.Json.Nodes;

namespace Extender.Sandbox.Kubernetes.Tables;

/// <summary>
/// One printer column of a server-side <c>Table</c>: its definition as kube-apiserver sends it and how a cell is read
/// from an object at a given time (ages are relative). Columns with <see cref="Priority"/> above 0 show with <c>-o wide</c>.
/// </summary>
internal sealed record TableColumn(string Name, string Type, int Priority, Func<JsonObject, DateTimeOffset, JsonNode?> Cell)
{
    public string Format { get; init; } = "";

    public string Description { get; init; } = "";

    public JsonObject Definition() => new()
    {
        ["name"] = Name,
        ["type"] = Type,
        ["format"] = Format,
        ["description"] = Description,
        ["priority"] = Priority,
    };
}
