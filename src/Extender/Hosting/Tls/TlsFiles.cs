namespace Extender.Hosting.Tls;

/// <summary>The PEM text of the serving certificate, its key and the client CA, as last read.</summary>
internal sealed record TlsFiles(string CertificatePem, string KeyPem, string ClientCaPem);
