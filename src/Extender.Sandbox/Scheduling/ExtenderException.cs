namespace Extender.Sandbox.Scheduling;

/// <summary>An extender call failed (transport, timeout, status, body, <c>Error</c> field or unknown node).</summary>
public sealed class ExtenderException : Exception
{
    public ExtenderException()
    {
    }

    public ExtenderException(string message)
        : base(message)
    {
    }

    public ExtenderException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
