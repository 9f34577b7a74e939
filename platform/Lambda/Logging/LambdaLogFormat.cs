namespace Lambda.Logging;

public enum LambdaLogFormat
{
    Text,
    Json,
}
