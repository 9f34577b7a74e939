using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace LocalCloud.Core.Hosting;

public static class ErrorWriter
{
    public static Task WriteAwsJsonAsync(HttpContext http, ServiceException error, string contentType, string requestId)
    {
        var response = http.Response;
        response.StatusCode = error.StatusCode;
        response.ContentType = contentType;
        response.Headers["x-amzn-RequestId"] = requestId;
        if (error.QueryErrorCode is { } queryCode)
        {
            response.Headers["x-amzn-query-error"] = $"{queryCode};{(error.IsSenderFault ? "Sender" : "Receiver")}";
        }

        return WriteBodyAsync(response, w =>
        {
            w.WriteString("__type", error.Code);
            w.WriteString("message", error.Message);
            error.WriteExtraMembers?.Invoke(w);
        });
    }

    public static Task WriteRestJsonAsync(HttpContext http, ServiceException error, string messageKey, bool includeCode, string requestId)
    {
        var response = http.Response;
        response.StatusCode = error.StatusCode;
        response.ContentType = "application/json";
        response.Headers["x-amzn-RequestId"] = requestId;
        response.Headers["X-Amzn-ErrorType"] = error.Code;
        return WriteBodyAsync(response, w =>
        {
            if (includeCode)
            {
                w.WriteString("Code", error.Code);
            }

            w.WriteString(error.MessageKey ?? messageKey, error.Message);
            error.WriteExtraMembers?.Invoke(w);
        });
    }

    private static async Task WriteBodyAsync(HttpResponse response, Action<Utf8JsonWriter> members)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WireJson.WriterOptions))
        {
            writer.WriteStartObject();
            members(writer);
            writer.WriteEndObject();
        }

        response.ContentLength = buffer.Length;
        await response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
    }
}
