using System.Globalization;

namespace Extender.Sandbox.Kubernetes.Tables;

/// <summary>Ages as kube-apiserver prints them (apimachinery's <c>duration.HumanDuration</c>): 45s, 5m3s, 3h20m, 2d4h, 1y30d.</summary>
internal static class HumanDuration
{
    public static string Format(TimeSpan age)
    {
        var seconds = (long)age.TotalSeconds;
        if (seconds < -1)
        {
            return "<invalid>";
        }

        if (seconds < 0)
        {
            return "0s";
        }

        if (seconds < 120)
        {
            return Text($"{seconds}s");
        }

        var minutes = seconds / 60;
        if (minutes < 10)
        {
            return seconds % 60 == 0 ? Text($"{minutes}m") : Text($"{minutes}m{seconds % 60}s");
        }

        if (minutes < 180)
        {
            return Text($"{minutes}m");
        }

        var hours = minutes / 60;
        if (hours < 8)
        {
            return minutes % 60 == 0 ? Text($"{hours}h") : Text($"{hours}h{minutes % 60}m");
        }

        if (hours < 48)
        {
            return Text($"{hours}h");
        }

        if (hours < 24 * 8)
        {
            return hours % 24 == 0 ? Text($"{hours / 24}d") : Text($"{hours / 24}d{hours % 24}h");
        }

        if (hours < 24 * 365 * 2)
        {
            return Text($"{hours / 24}d");
        }

        if (hours < 24 * 365 * 8)
        {
            var days = hours / 24 % 365;
            return days == 0 ? Text($"{hours / 24 / 365}y") : Text($"{hours / 24 / 365}y{days}d");
        }

        return Text($"{hours / 24 / 365}y");
    }

    /// <summary>The age since an RFC 3339 timestamp; <c>&lt;unknown&gt;</c> when there is none.</summary>
    public static string Since(string? timestamp, DateTimeOffset now) =>
        DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? Format(now - at)
            : "<unknown>";

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
