namespace Extender.Hosting.Tls;

/// <summary>The serving certificate or key cannot be used; the message names the file and the problem.</summary>
internal sealed class ServingCertificateException(string message, Exception? inner = null) : Exception(message, inner);
