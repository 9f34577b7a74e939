using System.Globalization;
using System.Text;
using System.Text.Json;
using LocalCloud.Core.Hosting;

namespace LocalCloud.Lambda.Async;

/// <summary>Why an asynchronous event reached a destination: the <c>requestContext.condition</c> of its record.</summary>
internal static class InvocationCondition
{
    public const string Success = "Success";
    public const string RetriesExhausted = "RetriesExhausted";
    public const string EventAgeExceeded = "EventAgeExceeded";
}

/// <summary>
/// Lambda's record of an asynchronous invocation (version 1.0), as destinations receive it: <c>timestamp</c>,
/// <c>requestContext</c> {requestId, functionArn (qualified), condition, approximateInvokeCount},
/// <c>requestPayload</c> (the event), and, when the function ran, <c>responseContext</c> {statusCode,
/// executedVersion, functionError} and <c>responsePayload</c>.
/// </summary>
internal sealed record InvocationRecord(
    DateTimeOffset Timestamp,
    string RequestId,
    string QualifiedFunctionArn,
    string Condition,
    int ApproximateInvokeCount,
    string RequestPayload,
    string? ExecutedVersion,
    string? FunctionError,
    string? ResponsePayload)
{
    public const string BusSource = "lambda";
    public const string SuccessDetailType = "Lambda Function Invocation Result - Success";
    public const string FailureDetailType = "Lambda Function Invocation Result - Failure";

    public bool IsSuccess => Condition == InvocationCondition.Success;

    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WireJson.WriterOptions))
        {
            Write(writer);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>The event an event-bus destination receives: source <c>lambda</c>, the record as its detail.</summary>
    public string ToBusEventJson(string busArn, string account, string region)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WireJson.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("version", "0");
            writer.WriteString("id", Guid.NewGuid().ToString());
            writer.WriteString("detail-type", IsSuccess ? SuccessDetailType : FailureDetailType);
            writer.WriteString("source", BusSource);
            writer.WriteString("account", account);
            writer.WriteString("time", Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            writer.WriteString("region", region);
            writer.WriteStartArray("resources");
            writer.WriteStringValue(busArn);
            writer.WriteStringValue(QualifiedFunctionArn);
            writer.WriteEndArray();
            writer.WritePropertyName("detail");
            Write(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private void Write(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("version", "1.0");
        writer.WriteString("timestamp", Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        writer.WriteStartObject("requestContext");
        writer.WriteString("requestId", RequestId);
        writer.WriteString("functionArn", QualifiedFunctionArn);
        writer.WriteString("condition", Condition);
        writer.WriteNumber("approximateInvokeCount", ApproximateInvokeCount);
        writer.WriteEndObject();
        writer.WritePropertyName("requestPayload");
        WritePayload(writer, RequestPayload);
        if (ExecutedVersion is not null)
        {
            writer.WriteStartObject("responseContext");
            writer.WriteNumber("statusCode", 200);
            writer.WriteString("executedVersion", ExecutedVersion);
            if (FunctionError is not null)
            {
                writer.WriteString("functionError", FunctionError);
            }

            writer.WriteEndObject();
            writer.WritePropertyName("responsePayload");
            WritePayload(writer, ResponsePayload);
        }

        writer.WriteEndObject();
    }

    /// <summary>A payload as JSON when it is JSON (it is then embedded as is), else as a string; none is null.</summary>
    private static void WritePayload(Utf8JsonWriter writer, string? payload)
    {
        if (string.IsNullOrWhiteSpace(payload))
        {
            writer.WriteNullValue();
            return;
        }

        if (IsJson(payload))
        {
            writer.WriteRawValue(payload, skipInputValidation: true);
        }
        else
        {
            writer.WriteStringValue(payload);
        }
    }

    private static bool IsJson(string payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload, new JsonDocumentOptions { MaxDepth = 256 });
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>The <c>errorMessage</c> of a function's error document, or the document itself when it has none.</summary>
    public static string ErrorMessage(string? errorDocument)
    {
        if (string.IsNullOrEmpty(errorDocument))
        {
            return "";
        }

        try
        {
            using var document = JsonDocument.Parse(errorDocument);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("errorMessage", out var message)
                && message.ValueKind == JsonValueKind.String)
            {
                return message.GetString()!;
            }
        }
        catch (JsonException)
        {
        }

        return errorDocument;
    }
}
