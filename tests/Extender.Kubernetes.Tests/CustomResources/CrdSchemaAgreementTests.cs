using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Extender.Kubernetes.CustomResources;
using k8s.Models;

namespace Extender.Kubernetes.Tests.CustomResources;

public sealed class CrdSchemaAgreementTests
{
    public static TheoryData<string, Type, string> Crds => new()
    {
        { "provisioning.extender.io_nodeclaims.yaml", typeof(NodeClaim), NodeClaim.Plural },
        { "provisioning.extender.io_ec2nodeclasses.yaml", typeof(EC2NodeClass), EC2NodeClass.Plural },
        { "provisioning.extender.io_nodepools.yaml", typeof(NodePoolResource), NodePoolResource.Plural },
    };

    public static TheoryData<string, Type> Schemas => new()
    {
        { "provisioning.extender.io_nodeclaims.yaml", typeof(NodeClaim) },
        { "provisioning.extender.io_ec2nodeclasses.yaml", typeof(EC2NodeClass) },
        { "provisioning.extender.io_nodepools.yaml", typeof(NodePoolResource) },
        { "autoscaling.x-k8s.io_capacitybuffers.yaml", typeof(CapacityBuffer) },
    };

    [Theory]
    [MemberData(nameof(Schemas))]
    public void Schema_EveryField_AgreesWithCSharpType(string file, Type type)
    {
        var problems = new List<string>();

        Compare(type, CrdManifest.Schema(CrdManifest.Load(file)), type.Name, problems);

        Assert.Empty(problems);
    }

    [Theory]
    [MemberData(nameof(Crds))]
    public void Crd_NamesAndSubresources_MatchTheType(string file, Type type, string plural)
    {
        var crd = CrdManifest.Load(file);
        var instance = (k8s.IKubernetesObject)Activator.CreateInstance(type)!;
        var version = CrdManifest.Version(crd);

        Assert.Equal($"{plural}.{CustomResourceGroup.Group}", (string?)crd["metadata"]!["name"]);
        Assert.Equal(CustomResourceGroup.Group, (string?)crd["spec"]!["group"]);
        Assert.Equal(instance.Kind, (string?)crd["spec"]!["names"]!["kind"]);
        Assert.Equal(plural, (string?)crd["spec"]!["names"]!["plural"]);
        Assert.Equal("Cluster", (string?)crd["spec"]!["scope"]);
        Assert.Equal(instance.ApiVersion, $"{CustomResourceGroup.Group}/{(string?)version["name"]}");
        Assert.NotNull(version["subresources"]!["status"]);
        Assert.NotEmpty(version["additionalPrinterColumns"]!.AsArray());
    }

    [Theory]
    [InlineData("500m", true)]
    [InlineData("4000Gi", true)]
    [InlineData("1000", true)]
    [InlineData("1.5", true)]
    [InlineData("1e3", true)]
    [InlineData("4 Gi", false)]
    [InlineData("lots", false)]
    [InlineData("1GB", false)]
    public void QuantityPattern_Value_MatchesKubernetesQuantityGrammar(string value, bool valid)
    {
        var limits = CrdManifest.Schema(CrdManifest.Load("provisioning.extender.io_nodepools.yaml"))["properties"]!["spec"]!["properties"]!["limits"]!;

        Assert.Equal(valid, Regex.IsMatch(value, (string)limits["additionalProperties"]!["pattern"]!));
    }

    [Theory]
    [InlineData("720h", true)]
    [InlineData("1h30m", true)]
    [InlineData("30s", true)]
    [InlineData("Never", true)]
    [InlineData("30", false)]
    [InlineData("1d", false)]
    [InlineData("", false)]
    public void DurationPattern_Value_AcceptsGoDurationsOrNever(string value, bool valid)
    {
        var template = CrdManifest.Schema(CrdManifest.Load("provisioning.extender.io_nodepools.yaml"))["properties"]!["spec"]!["properties"]!["template"]!;

        Assert.Equal(valid, Regex.IsMatch(value, (string)template["properties"]!["spec"]!["properties"]!["expireAfter"]!["pattern"]!));
    }

    private static void Compare(Type type, JsonNode? schema, string path, List<string> problems)
    {
        if (schema is not JsonObject node)
        {
            problems.Add($"{path}: no schema");
            return;
        }

        type = Nullable.GetUnderlyingType(type) ?? type;
        var schemaType = (string?)node["type"];
        switch (type)
        {
            case var t when t == typeof(V1ObjectMeta):
                Expect(schemaType == "object", path, "metadata must be an object", problems);
                return;
            case var t when t == typeof(string):
                Expect(schemaType == "string", path, $"string in C#, {schemaType} in the schema", problems);
                return;
            case var t when t == typeof(int) || t == typeof(long):
                Expect(schemaType == "integer", path, $"integer in C#, {schemaType} in the schema", problems);
                return;
            case var t when t == typeof(bool):
                Expect(schemaType == "boolean", path, $"boolean in C#, {schemaType} in the schema", problems);
                return;
            case var t when t == typeof(DateTime):
                Expect(schemaType == "string" && (string?)node["format"] == "date-time", path, "DateTime needs a date-time string", problems);
                return;
            case var t when t == typeof(ResourceQuantity):
                Expect((string?)node["x-kubernetes-int-or-string"] == "true" && node["pattern"] is not null, path, "a quantity needs int-or-string with the quantity pattern", problems);
                return;
        }

        if (ElementOf(type, typeof(IDictionary<,>), 1) is { } value)
        {
            Expect(schemaType == "object", path, "a map must be an object", problems);
            Compare(value, node["additionalProperties"], path + "{}", problems);
            return;
        }

        if (ElementOf(type, typeof(IList<>), 0) is { } item)
        {
            Expect(schemaType == "array", path, "a list must be an array", problems);
            Compare(item, node["items"], path + "[]", problems);
            return;
        }

        Expect(schemaType == "object", path, $"{type.Name} must be an object", problems);
        var fields = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).ToDictionary(JsonName);
        var properties = node["properties"]?.AsObject() ?? [];
        foreach (var missing in fields.Keys.Except(properties.Select(p => p.Key)))
        {
            problems.Add($"{path}.{missing}: in C#, not in the schema");
        }

        // A field declared to accept nothing (maxProperties 0) is there to be refused, not read (EC2NodeClass spec.kubelet).
        foreach (var extra in properties.Where(p => p.Value?["maxProperties"]?.ToString() != "0").Select(p => p.Key).Except(fields.Keys))
        {
            problems.Add($"{path}.{extra}: in the schema, not in C#");
        }

        foreach (var required in node["required"]?.AsArray().Select(r => (string)r!) ?? [])
        {
            Expect(properties.ContainsKey(required), path, $"required field {required} is not a property", problems);
        }

        foreach (var (name, property) in fields.Where(f => properties.ContainsKey(f.Key)))
        {
            Compare(property.PropertyType, properties[name], $"{path}.{name}", problems);
        }
    }

    private static Type? ElementOf(Type type, Type generic, int argument)
    {
        var match = type.IsGenericType && type.GetGenericTypeDefinition() == generic
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == generic);
        return match?.GetGenericArguments()[argument];
    }

    private static string JsonName(PropertyInfo property) =>
        property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(property.Name);

    private static void Expect(bool condition, string path, string problem, List<string> problems)
    {
        if (!condition)
        {
            problems.Add($"{path}: {problem}");
        }
    }
}
