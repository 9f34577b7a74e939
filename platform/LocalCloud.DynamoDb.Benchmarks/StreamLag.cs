using LocalCloud.Core.Hosting;

namespace LocalCloud.DynamoDb.Benchmarks;

/// <summary>
/// Stream lag: from a write acknowledged over HTTP to the record being readable (1) through the in-process
/// stream port of <c>LocalCloud.Core.Streams</c> and (2) through DynamoDB Streams <c>GetRecords</c>. Reserved for
/// when the stream side exists; until then it only says why it measured nothing.
/// </summary>
internal static class StreamLag
{
    public const string StreamsNamespace = "LocalCloud.Core.Streams";

    public static Task MeasureAsync(TextWriter output, CancellationToken cancellationToken)
    {
        output.WriteLine();
        output.WriteLine("stream lag (write acknowledged -> record readable through the stream port / GetRecords)");
        if (!typeof(LocalCloudHost).Assembly.GetTypes().Any(t => t.Namespace == StreamsNamespace))
        {
            output.WriteLine($"  skipped: {StreamsNamespace} does not exist in this build (DynamoDB Streams is not served yet)");
            return Task.CompletedTask;
        }

        output.WriteLine($"  skipped: {StreamsNamespace} exists, but this measurement is not written yet (StreamLag.MeasureAsync)");
        return Task.CompletedTask;
    }
}
