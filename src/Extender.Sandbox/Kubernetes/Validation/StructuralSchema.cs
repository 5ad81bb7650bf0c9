using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Extender.Sandbox.Kubernetes.Validation;

/// <summary>
/// A CRD's structural schema (<c>openAPIV3Schema</c>), compiled once into a tree and walked for each write, as
/// kube-apiserver's validator (kube-openapi) walks it, with its error wording. Hand-written rather than JsonSchema.Net:
/// a structural schema is the small subset of OpenAPI that apiextensions allows, and the library took about 5 ms to
/// evaluate one NodeClaim with 60 launch options, which made every claim write in the demo cost more than the
/// provisioner's own plan. This walk costs a few microseconds per field. CEL rules (<c>x-kubernetes-validations</c>)
/// and other <c>x-kubernetes-*</c> keywords except int-or-string are not read.
/// </summary>
internal sealed class StructuralSchema
{
    private string? _type;
    private string? _format;
    private bool _nullable;
    private bool _intOrString;
    private Dictionary<string, StructuralSchema>? _properties;
    private string[] _required = [];
    private StructuralSchema? _items;
    private StructuralSchema? _additionalProperties;
    private StructuralSchema[] _anyOf = [];
    private StructuralSchema[] _allOf = [];
    private StructuralSchema[] _oneOf = [];
    private StructuralSchema? _not;
    private JsonNode?[]? _enum;
    private Regex? _pattern;
    private string? _patternText;
    private decimal? _minimum;
    private decimal? _maximum;
    private bool _exclusiveMinimum;
    private bool _exclusiveMaximum;
    private int? _minLength;
    private int? _maxLength;
    private int? _minItems;
    private int? _maxItems;
    private int? _minProperties;
    private int? _maxProperties;

    private StructuralSchema()
    {
    }

    public static StructuralSchema Compile(JsonObject schema)
    {
        var compiled = new StructuralSchema
        {
            _type = (string?)schema["type"],
            _format = (string?)schema["format"],
            _nullable = (bool?)schema["nullable"] == true,
            _intOrString = (bool?)schema["x-kubernetes-int-or-string"] == true,
            _required = schema["required"] is JsonArray required ? [.. required.Select(r => (string)r!)] : [],
            _items = schema["items"] is JsonObject items ? Compile(items) : null,
            _additionalProperties = schema["additionalProperties"] is JsonObject additional ? Compile(additional) : null,
            _anyOf = Many(schema["anyOf"]),
            _allOf = Many(schema["allOf"]),
            _oneOf = Many(schema["oneOf"]),
            _not = schema["not"] is JsonObject not ? Compile(not) : null,
            _enum = schema["enum"] is JsonArray values ? [.. values.Select(v => v?.DeepClone())] : null,
            _patternText = (string?)schema["pattern"],
            _minimum = Number(schema["minimum"]),
            _maximum = Number(schema["maximum"]),
            _exclusiveMinimum = (bool?)schema["exclusiveMinimum"] == true,
            _exclusiveMaximum = (bool?)schema["exclusiveMaximum"] == true,
            _minLength = Count(schema["minLength"]),
            _maxLength = Count(schema["maxLength"]),
            _minItems = Count(schema["minItems"]),
            _maxItems = Count(schema["maxItems"]),
            _minProperties = Count(schema["minProperties"]),
            _maxProperties = Count(schema["maxProperties"]),
        };
        if (compiled._patternText is { } pattern)
        {
            // Go's RE2 has no backtracking; NonBacktracking keeps a hostile value from costing more than linear time.
            compiled._pattern = new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
        }

        if (schema["properties"] is JsonObject properties)
        {
            compiled._properties = properties.ToDictionary(p => p.Key, p => Compile((JsonObject)p.Value!), StringComparer.Ordinal);
        }

        return compiled;
    }

    /// <summary>Adds an error per violation under <paramref name="path"/> (<c>spec.requirements[0].key</c>; empty at the root).</summary>
    public void Validate(JsonNode? node, string path, List<FieldError> errors)
    {
        if (node is null)
        {
            if (!_nullable && _type is not null && !_intOrString)
            {
                errors.Add(FieldError.TypeInvalid(path, null, $"{path} in body must be of type {_type}: \"null\""));
            }

            return;
        }

        if (!_intOrString && _type is not null && !HasType(node, _type))
        {
            errors.Add(FieldError.TypeInvalid(path, node, $"{path} in body must be of type {_type}: \"{TypeOf(node)}\""));
            return;
        }

        if (_enum is not null && !_enum.Any(v => JsonNode.DeepEquals(v, node)))
        {
            errors.Add(FieldError.NotSupported(path, node, _enum.Select(v => v is JsonValue value && value.TryGetValue<string>(out var s) ? s : v?.ToJsonString() ?? "null")));
        }

        switch (node)
        {
            case JsonObject obj:
                ValidateObject(obj, path, errors);
                break;
            case JsonArray array:
                ValidateArray(array, path, errors);
                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                ValidateString(value.GetValue<string>(), value, path, errors);
                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.Number:
                ValidateNumber(value, path, errors);
                break;
        }

        ValidateCombinators(node, path, errors);
    }

    private void ValidateObject(JsonObject obj, string path, List<FieldError> errors)
    {
        foreach (var name in _required)
        {
            if (!obj.ContainsKey(name))
            {
                errors.Add(FieldError.Required(Child(path, name)));
            }
        }

        foreach (var (name, value) in obj)
        {
            if (_properties is not null && _properties.TryGetValue(name, out var property))
            {
                property.Validate(value, Child(path, name), errors);
            }
            else
            {
                _additionalProperties?.Validate(value, Child(path, name), errors);
            }
        }

        if (_maxProperties is { } most && obj.Count > most)
        {
            errors.Add(FieldError.Invalid(path, obj, $"{path} in body should have at most {most} properties"));
        }

        if (_minProperties is { } least && obj.Count < least)
        {
            errors.Add(FieldError.Invalid(path, obj, $"{path} in body should have at least {least} properties"));
        }
    }

    private void ValidateArray(JsonArray array, string path, List<FieldError> errors)
    {
        if (_maxItems is { } most && array.Count > most)
        {
            // apiextensions turns kube-openapi's MaxItems failure into field.TooMany.
            errors.Add(new FieldError("FieldValueTooMany", path, $"Too many: {array.Count}: must have at most {most} items"));
        }

        if (_minItems is { } least && array.Count < least)
        {
            errors.Add(FieldError.Invalid(path, array, $"{path} in body should have at least {least} items"));
        }

        if (_items is not null)
        {
            for (var i = 0; i < array.Count; i++)
            {
                _items.Validate(array[i], $"{path}[{i.ToString(CultureInfo.InvariantCulture)}]", errors);
            }
        }
    }

    private void ValidateString(string text, JsonNode node, string path, List<FieldError> errors)
    {
        // kube-openapi counts characters (runes), not bytes.
        var length = _minLength is null && _maxLength is null ? 0 : text.EnumerateRunes().Count();
        if (_maxLength is { } most && length > most)
        {
            errors.Add(FieldError.Invalid(path, node, $"{path} in body should be at most {most} chars long"));
        }

        if (_minLength is { } least && length < least)
        {
            errors.Add(FieldError.Invalid(path, node, $"{path} in body should be at least {least} chars long"));
        }

        if (_pattern is not null && !_pattern.IsMatch(text))
        {
            errors.Add(FieldError.Invalid(path, node, $"{path} in body should match '{_patternText}'"));
        }

        if (_format is "date-time" && !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _))
        {
            errors.Add(FieldError.Invalid(path, node, $"{path} in body must be of type date-time: \"{text}\""));
        }
    }

    private void ValidateNumber(JsonValue value, string path, List<FieldError> errors)
    {
        if (Decimal(value) is not { } number)
        {
            return;
        }

        if (_minimum is { } minimum && (_exclusiveMinimum ? number <= minimum : number < minimum))
        {
            errors.Add(FieldError.Invalid(path, value, $"{path} in body should be greater than {(_exclusiveMinimum ? "" : "or equal to ")}{minimum.ToString(CultureInfo.InvariantCulture)}"));
        }

        if (_maximum is { } maximum && (_exclusiveMaximum ? number >= maximum : number > maximum))
        {
            errors.Add(FieldError.Invalid(path, value, $"{path} in body should be less than {(_exclusiveMaximum ? "" : "or equal to ")}{maximum.ToString(CultureInfo.InvariantCulture)}"));
        }
    }

    private void ValidateCombinators(JsonNode node, string path, List<FieldError> errors)
    {
        foreach (var schema in _allOf)
        {
            schema.Validate(node, path, errors);
        }

        if (_anyOf.Length > 0)
        {
            List<FieldError>? first = null;
            foreach (var schema in _anyOf)
            {
                var branch = new List<FieldError>();
                schema.Validate(node, path, branch);
                if (branch.Count == 0)
                {
                    first = null;
                    break;
                }

                first ??= branch;
            }

            errors.AddRange(first ?? []);
        }

        if (_oneOf.Length > 0)
        {
            var passed = _oneOf.Count(schema =>
            {
                var branch = new List<FieldError>();
                schema.Validate(node, path, branch);
                return branch.Count == 0;
            });
            if (passed != 1)
            {
                errors.Add(FieldError.Invalid(path, node, $"{path} in body must validate one and only one schema (oneOf)"));
            }
        }

        if (_not is not null)
        {
            var branch = new List<FieldError>();
            _not.Validate(node, path, branch);
            if (branch.Count == 0)
            {
                errors.Add(FieldError.Invalid(path, node, $"{path} in body must not validate the schema (not)"));
            }
        }
    }

    private static bool HasType(JsonNode node, string type) => type switch
    {
        "object" => node is JsonObject,
        "array" => node is JsonArray,
        "string" => node is JsonValue v && v.GetValueKind() == JsonValueKind.String,
        "boolean" => node is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False,
        "number" => node is JsonValue v && v.GetValueKind() == JsonValueKind.Number,
        "integer" => node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && Decimal(v) is { } d && decimal.Truncate(d) == d,
        _ => true,
    };

    private static string TypeOf(JsonNode node) => node switch
    {
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            JsonValueKind.Number => Decimal(v) is { } d && decimal.Truncate(d) == d ? "integer" : "number",
            _ => "null",
        },
        _ => "null",
    };

    private static string Child(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    private static StructuralSchema[] Many(JsonNode? node) =>
        node is JsonArray array ? [.. array.OfType<JsonObject>().Select(Compile)] : [];

    private static int? Count(JsonNode? node) => Number(node) is { } number ? (int)Math.Min(number, int.MaxValue) : null;

    private static decimal? Number(JsonNode? node) => node is JsonValue value && value.GetValueKind() == JsonValueKind.Number ? Decimal(value) : null;

    // Read through the JSON text: a value parsed from a body holds a JsonElement, one built in code holds an int or a
    // double, and TryGetValue<decimal> converts only the first.
    private static decimal? Decimal(JsonValue value) =>
        decimal.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : null;
}
