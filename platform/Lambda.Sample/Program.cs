using Lambda;
using Lambda.Events;
using Lambda.Sample;

return await LambdaApp.Create(args)
    .Map("Greet", SampleFunctions.GreetAsync, LambdaJsonContext.Default.HttpApiRequest, LambdaJsonContext.Default.HttpApiResponse)
    .Map("OnGreeted", SampleFunctions.OnGreetedAsync, SampleJsonContext.Default.EventBridgeEventGreeted)
    .Map("OnMessages", SampleFunctions.OnMessagesAsync, LambdaJsonContext.Default.SqsEvent, LambdaJsonContext.Default.SqsBatchResponse)
    .Map("Enrich", SampleFunctions.EnrichAsync, LambdaJsonContext.Default.IReadOnlyListDynamoDbRecord, SampleJsonContext.Default.IReadOnlyListOutboxEvent)
    .RunAsync();
