using System.Globalization;

namespace Extender.Core.Resources;

/// <summary>
/// Kubernetes resource quantities (<c>500m</c>, <c>1.5Gi</c>, <c>1e3</c>, <c>2k</c>) as exact integer milli-units.
/// Mirrors apimachinery's <c>resource.ParseQuantity</c> grammar; fractions of a milli-unit round up, as
/// <c>Quantity.MilliValue()</c> does, so a request is never under-counted.
/// </summary>
public static class Quantity
{
    /// <summary>Parses <paramref name="text"/> into milli-units or throws <see cref="FormatException"/> naming the text.</summary>
    public static long ParseMilli(string text) =>
        TryParseMilli(text, out var milli, out var error) ? milli : throw new FormatException(error);

    public static bool TryParseMilli(string? text, out long milli) => TryParseMilli(text, out milli, out _);

    public static bool TryParseMilli(string? text, out long milli, out string error)
    {
        milli = 0;
        error = "";
        var s = (text ?? "").AsSpan();
        if (s.IsEmpty)
        {
            error = "quantity is empty";
            return false;
        }

        var i = 0;
        var negative = false;
        if (s[0] is '+' or '-')
        {
            negative = s[0] == '-';
            i++;
        }

        Int128 mantissa = 0;
        var digits = 0;
        var scale = 0;
        var seenPoint = false;
        for (; i < s.Length; i++)
        {
            var c = s[i];
            if (c == '.' && !seenPoint)
            {
                seenPoint = true;
                continue;
            }

            if (c is < '0' or > '9')
            {
                break;
            }

            digits++;
            if (mantissa > Int128.MaxValue / 100)
            {
                // Digits beyond what can ever matter: only keep scale for the integer part.
                if (!seenPoint)
                {
                    scale++;
                }

                continue;
            }

            mantissa = (mantissa * 10) + (c - '0');
            if (seenPoint)
            {
                scale--;
            }
        }

        if (digits == 0)
        {
            error = $"quantity \"{text}\" has no digits";
            return false;
        }

        if (!TryParseSuffix(s[i..], out var power10, out var power2))
        {
            error = $"quantity \"{text}\" has an unknown suffix \"{s[i..].ToString()}\" (expected m, k, M, G, T, P, E, Ki..Ei or an exponent like e3)";
            return false;
        }

        if (!TryScale(mantissa, scale + power10 + 3, power2, out var value))
        {
            error = $"quantity \"{text}\" is too large";
            return false;
        }

        milli = negative ? -value : value;
        return true;
    }

    /// <summary>Writes milli-units back in the canonical form Kubernetes uses for display (<c>1500m</c>, <c>4Gi</c>, <c>2</c>).</summary>
    public static string Format(long milli, bool binary = false)
    {
        if (milli % 1000 != 0)
        {
            return milli.ToString(CultureInfo.InvariantCulture) + "m";
        }

        var units = milli / 1000;
        if (binary && units != 0)
        {
            string[] suffixes = ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"];
            var k = 0;
            while (k < suffixes.Length - 1 && units % 1024 == 0)
            {
                units /= 1024;
                k++;
            }

            return units.ToString(CultureInfo.InvariantCulture) + suffixes[k];
        }

        return units.ToString(CultureInfo.InvariantCulture);
    }

    private static bool TryParseSuffix(ReadOnlySpan<char> suffix, out int power10, out int power2)
    {
        power10 = 0;
        power2 = 0;
        switch (suffix)
        {
            case "": return true;
            case "n": power10 = -9; return true;
            case "u": power10 = -6; return true;
            case "m": power10 = -3; return true;
            case "k": power10 = 3; return true;
            case "M": power10 = 6; return true;
            case "G": power10 = 9; return true;
            case "T": power10 = 12; return true;
            case "P": power10 = 15; return true;
            case "E": power10 = 18; return true;
            case "Ki": power2 = 10; return true;
            case "Mi": power2 = 20; return true;
            case "Gi": power2 = 30; return true;
            case "Ti": power2 = 40; return true;
            case "Pi": power2 = 50; return true;
            case "Ei": power2 = 60; return true;
        }

        if (suffix.Length >= 2 && suffix[0] is 'e' or 'E')
        {
            return int.TryParse(suffix[1..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out power10)
                && power10 is >= -30 and <= 30;
        }

        return false;
    }

    private static bool TryScale(Int128 mantissa, int power10, int power2, out long value)
    {
        value = 0;
        try
        {
            checked
            {
                var v = mantissa;
                for (var k = 0; k < power2; k++)
                {
                    v *= 2;
                }

                for (var k = 0; k < power10; k++)
                {
                    v *= 10;
                }

                if (power10 < 0)
                {
                    Int128 divisor = 1;
                    for (var k = 0; k < -power10 && divisor <= Int128.MaxValue / 10; k++)
                    {
                        divisor *= 10;
                    }

                    var (q, r) = Int128.DivRem(v, divisor);
                    v = r > 0 ? q + 1 : q;
                }

                if (v > long.MaxValue)
                {
                    return false;
                }

                value = (long)v;
                return true;
            }
        }
        catch (OverflowException)
        {
            return false;
        }
    }
}
