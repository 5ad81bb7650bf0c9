namespace Extender.Core.Catalog;

/// <summary>The catalog document is malformed; the message names the instance type and the field.</summary>
public sealed class CatalogFormatException : FormatException
{
    public CatalogFormatException()
    {
    }

    public CatalogFormatException(string message)
        : base(message)
    {
    }

    public CatalogFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
