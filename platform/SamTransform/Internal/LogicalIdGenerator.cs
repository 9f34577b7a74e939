using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace SamTransform.Internal;

/// <summary>SAM's stable logical ids: a prefix and the first 10 hex digits of the SHA-1 of the data (a string as is, anything else as sorted compact JSON).</summary>
internal static class LogicalIdGenerator
{
    private const int HashLength = 10;

    public static string Generate(string prefix, JsonNode? data = null) => prefix + Hash(data);

    public static string Hash(JsonNode? data, int length = HashLength)
    {
        if (!Json.Truthy(data))
        {
            return "";
        }

        var text = Json.IsStr(data) ? data!.GetValue<string>() : Json.DumpsSorted(data);
        if (text.Length == 0)
        {
            return "";
        }

#pragma warning disable CA5350 // SHA-1 is what SAM uses for these ids; it is not a security use.
        var digest = SHA1.HashData(Encoding.UTF8.GetBytes(text));
#pragma warning restore CA5350
        return Convert.ToHexStringLower(digest)[..length];
    }
}
