using Amazon.SQS;

namespace LocalCloud.Sqs.Tests;

internal static class SqsAssert
{
    public static async Task<AmazonSQSException> InvalidParameterValueAsync(Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<AmazonSQSException>(call);
        Assert.Equal("InvalidParameterValue", error.ErrorCode);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, error.StatusCode);
        return error;
    }
}
