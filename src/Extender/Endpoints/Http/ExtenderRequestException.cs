namespace Extender.Endpoints.Http;

/// <summary>The request cannot be served as sent; the message names the problem and goes back in a 400 body.</summary>
internal sealed class ExtenderRequestException : Exception
{
    public ExtenderRequestException()
    {
    }

    public ExtenderRequestException(string message)
        : base(message)
    {
    }

    public ExtenderRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
