using System.Globalization;
using k8s.Models;

namespace Extender.Sandbox.Controllers;

/// <summary>apimachinery's <c>GetScaledValueFromIntOrPercent</c>: an integer as is, or a percentage of a total, rounded up or down.</summary>
internal static class IntOrPercent
{
    public static bool IsPercent(IntOrString? value) => value?.Value?.EndsWith('%') == true;

    /// <exception cref="FormatException">The value is neither an integer nor an integer followed by %.</exception>
    public static int Scaled(IntOrString? value, int total, bool roundUp)
    {
        var text = value?.Value ?? "0";
        if (!text.EndsWith('%'))
        {
            return int.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture);
        }

        var percent = int.Parse(text[..^1], NumberStyles.Integer, CultureInfo.InvariantCulture);
        var scaled = (decimal)percent * total / 100;
        return (int)(roundUp ? Math.Ceiling(scaled) : Math.Floor(scaled));
    }
}
