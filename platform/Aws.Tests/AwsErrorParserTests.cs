using System.Net;
using System.Text;
using Aws.Internal;

namespace Aws.Tests;

public sealed class AwsErrorParserTests
{
    private static global::Aws.AwsServiceException Parse(HttpStatusCode status, string body, params (string Name, string Value)[] headers)
    {
        using var response = new HttpResponseMessage(status);
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return AwsErrorParser.Parse(status, response.Headers, Encoding.UTF8.GetBytes(body));
    }

    [Fact]
    public void AwsJsonType_WithNamespacePrefix_IsStripped()
    {
        var error = Parse(HttpStatusCode.BadRequest, """{"__type":"com.amazonaws.events#ResourceNotFoundException","message":"Rule r does not exist."}""", ("x-amzn-RequestId", "req-1"));

        Assert.Equal("ResourceNotFoundException", error.ErrorCode);
        Assert.Equal("Rule r does not exist.", error.Message);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal("req-1", error.RequestId);
    }

    [Fact]
    public void RestJsonHeader_WinsOverBody_AndLosesItsSuffix()
    {
        var error = Parse(
            HttpStatusCode.NotFound,
            """{"Code":"SomethingElse","Message":"Schema not found."}""",
            ("X-Amzn-ErrorType", "NotFoundException:http://internal.amazon.com/coral/com.amazon.schemas/"));

        Assert.Equal("NotFoundException", error.ErrorCode);
        Assert.Equal("Schema not found.", error.Message);
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public void RestJsonBodyCode_IsUsedWithoutHeader()
    {
        var error = Parse(HttpStatusCode.Conflict, """{"Code":"ConflictException","Message":"Registry already exists."}""");

        Assert.Equal("ConflictException", error.ErrorCode);
        Assert.Equal("Registry already exists.", error.Message);
    }

    [Fact]
    public void EmptyOrInvalidBody_FallsBackToTheStatus()
    {
        var notJson = Parse(HttpStatusCode.ServiceUnavailable, "<html>busy</html>");
        var empty = Parse(HttpStatusCode.Forbidden, "");

        Assert.Equal("ServiceUnavailable", notJson.ErrorCode);
        Assert.Equal("AccessDenied", empty.ErrorCode);
        Assert.Contains("403", empty.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/", "FooError")]
    [InlineData("  FooError  ", "FooError")]
    [InlineData("FooError", "FooError")]
    public void Sanitize_FollowsTheSmithyRules(string raw, string expected)
    {
        Assert.Equal(expected, AwsErrorParser.Sanitize(raw));
    }
}
