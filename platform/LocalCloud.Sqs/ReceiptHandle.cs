using System.Buffers.Text;
using System.Globalization;
using System.Text;


namespace LocalCloud.Sqs;

internal static class ReceiptHandle
{
    private const string Prefix = "lc1";

    public static string Encode(string queue, long seq, string nonce) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{Prefix}|{queue}|{seq.ToString(CultureInfo.InvariantCulture)}|{nonce}"));

    public static bool TryDecode(string handle, out string queue, out long seq, out string nonce)
    {
        queue = nonce = string.Empty;
        seq = 0;
        if (handle.Length > 1024 || !Base64Url.IsValid(handle))
        {
            return false;
        }

        var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(handle)).Split('|');
        if (parts.Length != 4 || parts[0] != Prefix || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out seq) || parts[3].Length == 0)
        {
            return false;
        }

        queue = parts[1];
        nonce = parts[3];
        return true;
    }
}
