using LocalCloud.Core.Hosting;

namespace LocalCloud.Core.Tests.Hosting;

public sealed class SigV4ScopeTests
{
    [Fact]
    public void Parse_StandardAuthorization_ReturnsScope()
    {
        var scope = SigV4Scope.Parse("AWS4-HMAC-SHA256 Credential=AKID/20260101/eu-west-1/events/aws4_request, SignedHeaders=host, Signature=abc");

        Assert.Equal(new SigV4Scope("AKID", "20260101", "eu-west-1", "events"), scope);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Basic abc")]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKID/20260101/eu-west-1/events")]
    [InlineData("AWS4-HMAC-SHA256 Signature=abc")]
    public void Parse_Garbage_ReturnsNull(string? header) => Assert.Null(SigV4Scope.Parse(header));

    [Fact]
    public void Arn_BuildAndParse_RoundTrip()
    {
        var text = Arn.Build("sqs", "us-east-1", "000000000000", "queue-1");

        Assert.Equal("arn:aws:sqs:us-east-1:000000000000:queue-1", text);
        Assert.True(Arn.TryParse("arn:aws:events:eu-west-1:123456789012:rule/bus/name", out var arn));
        Assert.Equal(("events", "eu-west-1", "123456789012", "rule/bus/name"), (arn.Service, arn.Region, arn.AccountId, arn.Resource));
        Assert.False(Arn.TryParse("not-an-arn", out _));
    }
}
