using System.Text.Json;

namespace Extender.Endpoints.Http;

/// <summary>
/// One extender verb: reads the request bytes, writes the JSON answer and returns the status code. Input it cannot
/// serve raises <see cref="ExtenderRequestException"/>, which the pipeline turns into a 400.
/// </summary>
internal interface IExtenderVerb
{
    string Name { get; }

    ValueTask<int> HandleAsync(ReadOnlyMemory<byte> body, Utf8JsonWriter response, CancellationToken cancellationToken);
}
