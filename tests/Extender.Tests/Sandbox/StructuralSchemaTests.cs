using System.Text.Json.Nodes;
using Extender.Sandbox.Kubernetes.Validation;

namespace Extender.Tests.Sandbox;

/// <summary>
/// The sandbox's structural-schema walk against cases shaped as kube-openapi's validator tests are: each keyword
/// accepting what it should and refusing what it should, with the field path and the upstream wording.
/// </summary>
public sealed class StructuralSchemaTests
{
    private const string Schema = """
        {"type":"object","required":["spec"],"properties":{
          "spec":{"type":"object","required":["name"],"properties":{
            "name":{"type":"string","minLength":1,"maxLength":5},
            "zone":{"type":"string","pattern":"^us-[a-z]+-[0-9][a-z]$"},
            "mode":{"type":"string","enum":["Fast","Slow"]},
            "count":{"type":"integer","minimum":1,"maximum":10},
            "ratio":{"type":"number","exclusiveMinimum":true,"minimum":0},
            "when":{"type":"string","format":"date-time"},
            "size":{"x-kubernetes-int-or-string":true,"anyOf":[{"type":"integer"},{"type":"string"}],"pattern":"^[0-9]+(Gi|Mi)?$"},
            "tags":{"type":"array","maxItems":2,"minItems":1,"items":{"type":"string","minLength":1}},
            "labels":{"type":"object","maxProperties":2,"additionalProperties":{"type":"string","maxLength":3}},
            "note":{"type":"string","nullable":true},
            "flag":{"type":"boolean"}}}}}
        """;

    public static TheoryData<string, string?> Cases => new()
    {
        { """{"spec":{"name":"a"}}""", null },
        { """{"spec":{"name":"abc","zone":"us-east-1a","mode":"Fast","count":10,"ratio":0.5,"when":"2026-12-04T10:00:00Z","size":"10Gi","tags":["x"],"labels":{"a":"b"}}}""", null },
        { """{"spec":{"name":"a","size":5}}""", null },
        { """{"spec":{"name":"a","note":null}}""", null },
        { """{}""", "spec: Required value" },
        { """{"spec":{}}""", "spec.name: Required value" },
        { """{"spec":{"name":""}}""", "spec.name: Invalid value: \"\": spec.name in body should be at least 1 chars long" },
        { """{"spec":{"name":"abcdef"}}""", "spec.name: Invalid value: \"abcdef\": spec.name in body should be at most 5 chars long" },
        { """{"spec":{"name":"ééééé"}}""", null },
        { """{"spec":{"name":7}}""", "spec.name: Invalid value: 7: spec.name in body must be of type string: \"integer\"" },
        { """{"spec":{"name":"a","zone":"eu-west"}}""", "spec.zone: Invalid value: \"eu-west\": spec.zone in body should match '^us-[a-z]+-[0-9][a-z]$'" },
        { """{"spec":{"name":"a","mode":"Medium"}}""", "spec.mode: Unsupported value: \"Medium\": supported values: \"Fast\", \"Slow\"" },
        { """{"spec":{"name":"a","count":0}}""", "spec.count: Invalid value: 0: spec.count in body should be greater than or equal to 1" },
        { """{"spec":{"name":"a","count":11}}""", "spec.count: Invalid value: 11: spec.count in body should be less than or equal to 10" },
        { """{"spec":{"name":"a","count":1.5}}""", "spec.count: Invalid value: 1.5: spec.count in body must be of type integer: \"number\"" },
        { """{"spec":{"name":"a","ratio":0}}""", "spec.ratio: Invalid value: 0: spec.ratio in body should be greater than 0" },
        { """{"spec":{"name":"a","when":"yesterday"}}""", "spec.when: Invalid value: \"yesterday\": spec.when in body must be of type date-time: \"yesterday\"" },
        { """{"spec":{"name":"a","size":"ten"}}""", "spec.size: Invalid value: \"ten\": spec.size in body should match '^[0-9]+(Gi|Mi)?$'" },
        { """{"spec":{"name":"a","size":true}}""", "spec.size: Invalid value: true: spec.size in body must be of type integer: \"boolean\"" },
        { """{"spec":{"name":"a","tags":["x","y","z"]}}""", "spec.tags: Too many: 3: must have at most 2 items" },
        { """{"spec":{"name":"a","tags":[]}}""", "spec.tags: Invalid value: []: spec.tags in body should have at least 1 items" },
        { """{"spec":{"name":"a","tags":["x",""]}}""", "spec.tags[1]: Invalid value: \"\": spec.tags[1] in body should be at least 1 chars long" },
        { """{"spec":{"name":"a","labels":{"k":"long"}}}""", "spec.labels.k: Invalid value: \"long\": spec.labels.k in body should be at most 3 chars long" },
        { """{"spec":{"name":"a","flag":"yes"}}""", "spec.flag: Invalid value: \"yes\": spec.flag in body must be of type boolean: \"string\"" },
        { """{"spec":{"name":"a","flag":null}}""", "spec.flag: Invalid value: null: spec.flag in body must be of type boolean: \"null\"" },
        { """{"spec":"a"}""", "spec: Invalid value: \"a\": spec in body must be of type object: \"string\"" },
        { """{"spec":{"name":"a","labels":{"a":"1","b":"2","c":"3"}}}""", "spec.labels: Invalid value: {\"a\":\"1\",\"b\":\"2\",\"c\":\"3\"}: spec.labels in body should have at most 2 properties" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Validate_ReportsEachViolationWithItsPathAndUpstreamWording(string document, string? expected)
    {
        var schema = StructuralSchema.Compile(JsonNode.Parse(Schema)!.AsObject());
        var errors = new List<FieldError>();

        schema.Validate(JsonNode.Parse(document), "", errors);

        Assert.Equal(expected is null ? [] : [expected], errors.Select(e => e.Message));
    }

    [Fact]
    public void Validate_ReportsEveryViolationInOneWrite()
    {
        var schema = StructuralSchema.Compile(JsonNode.Parse(Schema)!.AsObject());
        var errors = new List<FieldError>();

        schema.Validate(JsonNode.Parse("""{"spec":{"count":0,"mode":"x","tags":[1]}}"""), "", errors);

        Assert.Equal(
            ["spec.name", "spec.count", "spec.mode", "spec.tags[0]"],
            errors.Select(e => e.Field));
        Assert.Equal(
            ["FieldValueRequired", "FieldValueInvalid", "FieldValueNotSupported", "FieldValueTypeInvalid"],
            errors.Select(e => e.Reason));
    }

    [Fact]
    public void Validate_NumbersBuiltInCodeAreJudgedAsParsedOnes()
    {
        var schema = StructuralSchema.Compile(JsonNode.Parse(Schema)!.AsObject());
        var errors = new List<FieldError>();

        schema.Validate(new JsonObject { ["spec"] = new JsonObject { ["name"] = "a", ["count"] = 3, ["ratio"] = 0.25 } }, "", errors);
        schema.Validate(new JsonObject { ["spec"] = new JsonObject { ["name"] = "a", ["count"] = 30L } }, "", errors);

        Assert.Equal(["spec.count"], errors.Select(e => e.Field));
    }
}
