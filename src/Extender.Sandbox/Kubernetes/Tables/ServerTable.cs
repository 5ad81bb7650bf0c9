using System.Globalization;
using System.Text.Json.Nodes;

namespace Extender.Sandbox.Kubernetes.Tables;

/// <summary>
/// The <c>meta.k8s.io/v1 Table</c> kube-apiserver answers when a client asks for
/// <c>application/json;as=Table;v=v1;g=meta.k8s.io</c>, as kubectl get does: column definitions (built-in kinds'
/// printer columns, or a CRD's <c>additionalPrinterColumns</c> after Name) and one row per object, each carrying the
/// object's metadata (<c>includeObject=Metadata</c>, the default), the whole object, or nothing.
/// </summary>
internal static class ServerTable
{
    public const string MediaType = "application/json;as=Table;v=v1;g=meta.k8s.io";

    /// <summary>Whether an Accept header asks for a Table (kubectl lists it first, with plain JSON as the fallback).</summary>
    public static bool Requested(string? accept) =>
        accept is not null
        && accept.Split(',').FirstOrDefault() is { } first
        && first.Contains("as=Table", StringComparison.Ordinal)
        && first.Contains("g=meta.k8s.io", StringComparison.Ordinal);

    public static IReadOnlyList<TableColumn> Columns(ApiResource resource)
    {
        if (resource.Definition is null)
        {
            return BuiltInColumns.For(ApiResources.Storage(resource));
        }

        // A CRD's columns follow Name; without any, upstream prints Name and Age.
        var printerColumns = resource.Definition["additionalPrinterColumns"] as JsonArray
            ?? [new JsonObject { ["name"] = "Age", ["type"] = "date", ["jsonPath"] = ".metadata.creationTimestamp" }];
        List<TableColumn> columns = [BuiltInColumns.Name];
        foreach (var column in printerColumns.OfType<JsonObject>())
        {
            var type = (string?)column["type"] ?? "string";
            var path = (string)column["jsonPath"]!;
            columns.Add(new TableColumn((string)column["name"]!, type, (int)((long?)column["priority"] ?? 0), (o, now) =>
            {
                var value = JsonPathCell.Read(o, path);
                return type == "date" && value is not null ? HumanDuration.Since(value.ToString(), now) : value;
            })
            {
                Description = (string?)column["description"] ?? "",
                Format = (string?)column["format"] ?? "",
            });
        }

        return columns;
    }

    /// <summary>
    /// The Table of <paramref name="objects"/>; <paramref name="includeObject"/> is <c>None</c>, <c>Metadata</c> (the
    /// default) or <c>Object</c>, and <paramref name="withColumns"/> is false for the watch events after the first
    /// (upstream sends the definitions once).
    /// </summary>
    public static JsonObject Build(ApiResource resource, IEnumerable<JsonObject> objects, DateTimeOffset now, string? includeObject, bool withColumns, JsonObject? listMetadata)
    {
        var columns = Columns(resource);
        var rows = new JsonArray();
        foreach (var obj in objects)
        {
            var row = new JsonObject { ["cells"] = new JsonArray([.. columns.Select(c => c.Cell(obj, now))]) };
            switch (includeObject)
            {
                case "None":
                    break;
                case "Object":
                    row["object"] = obj;
                    break;
                default:
                    row["object"] = new JsonObject
                    {
                        ["kind"] = "PartialObjectMetadata",
                        ["apiVersion"] = "meta.k8s.io/v1",
                        ["metadata"] = obj["metadata"]?.DeepClone(),
                    };
                    break;
            }

            rows.Add(row);
        }

        return new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = listMetadata ?? new JsonObject(),
            ["columnDefinitions"] = withColumns ? new JsonArray([.. columns.Select(c => c.Definition())]) : new JsonArray(),
            ["rows"] = rows,
        };
    }

    public static string ResourceVersionText(long resourceVersion) => resourceVersion.ToString(CultureInfo.InvariantCulture);
}
