using System.Globalization;

namespace Extender.Core.Scheduling.Requirements;

/// <summary>
/// The values one label key may take: a finite set (In) or everything but a set (NotIn, Exists), optionally bounded
/// by Gt/Lt, plus whether the label may be absent (NotIn, DoesNotExist). Intersection is closed over this shape, so
/// any chain of NodePool, nodeSelector and node affinity requirements on a key reduces to one value.
/// </summary>
public sealed class Requirement
{
    private static readonly string[] NoValues = [];

    private readonly string[] _values;

    /// <summary>The key as the user wrote it (a Karpenter or deprecated spelling), for messages; <see cref="Key"/> is the one judged.</summary>
    private string _written;

    private Requirement(string key, bool complement, string[] sortedValues, bool allowsAbsent, long? greaterThan, long? lessThan, int? minValues)
    {
        Key = key;
        _written = key;
        Complement = complement;
        _values = sortedValues;
        AllowsAbsent = allowsAbsent;
        GreaterThan = greaterThan;
        LessThan = lessThan;
        MinValues = minValues;
    }

    public string Key { get; }

    /// <summary>True: any value except <see cref="Values"/>; false: only <see cref="Values"/>.</summary>
    public bool Complement { get; }

    public IReadOnlyList<string> Values => _values;

    /// <summary>A node without this label satisfies the requirement.</summary>
    public bool AllowsAbsent { get; }

    public long? GreaterThan { get; }

    public long? LessThan { get; }

    /// <summary>At least this many distinct values must remain among a node's instance type options.</summary>
    public int? MinValues { get; }

    /// <summary>Builds a requirement; throws <see cref="FormatException"/> naming the key for an unknown operator or a bad Gt/Lt value.</summary>
    public static Requirement Create(string key, string @operator, IReadOnlyList<string>? values, int? minValues = null)
    {
        values ??= NoValues;
        return @operator switch
        {
            Operators.In => new(key, false, Sorted(values), false, null, null, minValues),
            Operators.NotIn => new(key, true, Sorted(values), true, null, null, minValues),
            Operators.Exists => new(key, true, NoValues, false, null, null, minValues),
            Operators.DoesNotExist => new(key, false, NoValues, true, null, null, minValues),
            Operators.Gt => new(key, true, NoValues, false, SingleInteger(key, @operator, values), null, minValues),
            Operators.Lt => new(key, true, NoValues, false, null, SingleInteger(key, @operator, values), minValues),
            _ => throw new FormatException(
                $"requirement on \"{key}\": unknown operator \"{@operator}\" (expected In, NotIn, Exists, DoesNotExist, Gt or Lt)"),
        };
    }

    public static Requirement In(string key, params string[] values) => Create(key, Operators.In, values);

    /// <summary>True when some node could satisfy both this and nothing else: a value is possible, or absence is.</summary>
    public bool IsSatisfiable => AllowsAbsent || HasPossibleValue;

    private bool HasPossibleValue
    {
        get
        {
            if (!Complement)
            {
                foreach (var value in _values)
                {
                    if (WithinBounds(value))
                    {
                        return true;
                    }
                }

                return false;
            }

            return GreaterThan is not { } gt || LessThan is not { } lt || lt - gt > 1;
        }
    }

    /// <summary>Does a node whose label is <paramref name="value"/> (null: absent) satisfy this?</summary>
    public bool Matches(string? value)
    {
        if (value is null)
        {
            return AllowsAbsent;
        }

        var listed = Array.BinarySearch(_values, value, StringComparer.Ordinal) >= 0;
        return listed != Complement && WithinBounds(value);
    }

    /// <summary>The same requirement judged under <paramref name="key"/>; messages keep the key it was written with.</summary>
    public Requirement WithKey(string key) => new(key, Complement, _values, AllowsAbsent, GreaterThan, LessThan, MinValues) { _written = _written };

    public Requirement Intersect(Requirement other)
    {
        string[] values;
        bool complement;
        if (!Complement && !other.Complement)
        {
            values = [.. _values.Where(v => Array.BinarySearch(other._values, v, StringComparer.Ordinal) >= 0)];
            complement = false;
        }
        else if (Complement && other.Complement)
        {
            values = Sorted([.. _values.Union(other._values, StringComparer.Ordinal)]);
            complement = true;
        }
        else
        {
            var (finite, excluding) = Complement ? (other, this) : (this, other);
            values = [.. finite._values.Where(v => Array.BinarySearch(excluding._values, v, StringComparer.Ordinal) < 0)];
            complement = false;
        }

        var gt = Max(GreaterThan, other.GreaterThan);
        var lt = Min(LessThan, other.LessThan);
        int? minValues = MinValues is null ? other.MinValues : other.MinValues is null ? MinValues : Math.Max(MinValues.Value, other.MinValues.Value);
        // A spelling other than ours is what a user wrote: keep it for the message, from either side.
        return new Requirement(Key, complement, values, AllowsAbsent && other.AllowsAbsent, gt, lt, minValues) { _written = _written != Key ? _written : other._written };
    }

    public override string ToString()
    {
        var op = (Complement, AllowsAbsent, _values.Length) switch
        {
            (false, true, 0) => Operators.DoesNotExist,
            (true, false, 0) => Operators.Exists,
            (true, _, _) => Operators.NotIn,
            _ => Operators.In,
        };
        var text = _values.Length > 0 ? $"{_written} {op} [{string.Join(",", _values)}]" : $"{_written} {op}";
        if (GreaterThan is { } gt)
        {
            text += $" >{gt}";
        }

        if (LessThan is { } lt)
        {
            text += $" <{lt}";
        }

        return text;
    }

    private bool WithinBounds(string value)
    {
        if (GreaterThan is null && LessThan is null)
        {
            return true;
        }

        return long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            && (GreaterThan is not { } gt || number > gt)
            && (LessThan is not { } lt || number < lt);
    }

    private static long SingleInteger(string key, string @operator, IReadOnlyList<string> values) =>
        values.Count == 1 && long.TryParse(values[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new FormatException($"requirement on \"{key}\": operator {@operator} needs exactly one integer value");

    private static string[] Sorted(IReadOnlyList<string> values)
    {
        var result = values.Distinct(StringComparer.Ordinal).ToArray();
        Array.Sort(result, StringComparer.Ordinal);
        return result;
    }

    private static long? Max(long? a, long? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);

    private static long? Min(long? a, long? b) => a is null ? b : b is null ? a : Math.Min(a.Value, b.Value);
}
