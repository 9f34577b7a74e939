using System.Text.Json;
using LocalCloud.Testing;

namespace LocalCloud.EventBridge.Tests;

internal sealed record ApiResult(int Status, JsonElement Body)
{
    public string? ErrorType => Body.TryGetProperty("__type", out var t) ? t.GetString() : null;

    public string? Message => Body.TryGetProperty("message", out var m) ? m.GetString() : null;
}

internal static class EventBridgeApi
{
    public static async Task<ApiResult> CallAsync(HttpClient http, string operation, string body)
    {
        using var response = await AwsJsonCall.PostAsync(http, "AWSEvents." + operation, body, "1.1", "events");
        var text = await response.Content.ReadAsStringAsync();
        using var document = JsonDocument.Parse(text.Length == 0 ? "{}" : text);
        return new ApiResult((int)response.StatusCode, document.RootElement.Clone());
    }

    public static async Task<JsonElement> OkAsync(HttpClient http, string operation, string body)
    {
        var result = await CallAsync(http, operation, body);
        Assert.True(result.Status == 200, $"{operation} answered {result.Status}: {result.Body}");
        return result.Body;
    }

    public static async Task<ApiResult> ErrorAsync(HttpClient http, string operation, string body, string expectedType, int status = 400)
    {
        var result = await CallAsync(http, operation, body);
        Assert.Equal(status, result.Status);
        Assert.Equal(expectedType, result.ErrorType);
        return result;
    }

    public static string Json(object value) => JsonSerializer.Serialize(value);
}
