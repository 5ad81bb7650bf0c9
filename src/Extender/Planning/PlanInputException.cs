namespace Extender.Planning;

/// <summary>An input file of <c>plan</c> is unusable; the message names the file, the object and the field.</summary>
internal sealed class PlanInputException : Exception
{
    public PlanInputException()
    {
    }

    public PlanInputException(string message)
        : base(message)
    {
    }

    public PlanInputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
