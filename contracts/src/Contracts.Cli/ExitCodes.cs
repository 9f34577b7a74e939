namespace Contracts.Cli;

internal static class ExitCodes
{
    public const int Success = 0;
    public const int Negative = 1;
    public const int Usage = 2;
}
