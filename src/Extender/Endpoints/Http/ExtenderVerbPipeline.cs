using System.Text.Json;
using Extender.Endpoints.Wire;
using Extender.Metrics;
using Microsoft.Extensions.Options;

namespace Extender.Endpoints.Http;

/// <summary>
/// What every verb shares: body size limit, reading, bad-input answers, timing and counting. Bad input is answered
/// with 400 and <c>{"Error":"..."}</c>; the answer is buffered so a late rejection never leaves half a body behind.
/// </summary>
internal sealed partial class ExtenderVerbPipeline(
    IOptions<ExtenderEndpointOptions> options,
    ExtenderRequestMetrics metrics,
    TimeProvider time,
    ILogger<ExtenderVerbPipeline> logger)
{
    private const int InitialResponseCapacity = 4096;

    public async Task RunAsync(HttpContext context, IExtenderVerb verb)
    {
        var started = time.GetTimestamp();
        var cancellationToken = context.RequestAborted;
        using var response = new PooledBufferWriter(InitialResponseCapacity);
        var status = await ExecuteAsync(context, verb, response, cancellationToken);

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = response.WrittenCount;
        await context.Response.Body.WriteAsync(response.WrittenMemory, cancellationToken);
        metrics.Observe(verb.Name, status, time.GetElapsedTime(started));
    }

    private async Task<int> ExecuteAsync(HttpContext context, IExtenderVerb verb, PooledBufferWriter response, CancellationToken cancellationToken)
    {
        var limit = options.Value.MaxRequestBodyBytes;
        using var body = await RequestBody.ReadAsync(context, limit, cancellationToken);
        if (body is null)
        {
            LogTooLarge(verb.Name, limit);
            WriteError(response, $"request body exceeds the limit of {limit} bytes");
            return StatusCodes.Status413PayloadTooLarge;
        }

        try
        {
            await using var writer = new Utf8JsonWriter(response);
            return await verb.HandleAsync(body.Memory, writer, cancellationToken);
        }
        catch (ExtenderRequestException e)
        {
            LogBadRequest(verb.Name, e.Message);
            response.Clear();
            WriteError(response, e.Message);
            return StatusCodes.Status400BadRequest;
        }
    }

    private static void WriteError(PooledBufferWriter response, string message)
    {
        using var writer = new Utf8JsonWriter(response);
        JsonSerializer.Serialize(writer, new ExtenderError(message), WireJsonContext.Default.ExtenderError);
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Rejected {Verb} request: {Problem}")]
    private partial void LogBadRequest(string verb, string problem);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Rejected {Verb} request: body larger than {LimitBytes} bytes")]
    private partial void LogTooLarge(string verb, long limitBytes);
}
