namespace Contracts.Cli;

internal sealed class UsageException(string message) : Exception(message);
