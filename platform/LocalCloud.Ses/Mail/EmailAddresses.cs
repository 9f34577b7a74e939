namespace LocalCloud.Ses.Mail;

/// <summary>
/// Email addresses as SES reads them: a bare <c>local@domain</c> or <c>Display Name &lt;local@domain&gt;</c>,
/// rejected with the messages SES answers (those of its Java mail library).
/// </summary>
internal static class EmailAddresses
{
    /// <summary>The address part (addr-spec) of <paramref name="text"/>, or the reason it is not an address.</summary>
    public static bool TryParse(string? text, out string address, out string error)
    {
        address = string.Empty;
        var value = (text ?? string.Empty).Trim();
        var open = LastUnquoted(value, '<');
        if (open >= 0)
        {
            var close = value.IndexOf('>', open + 1);
            if (close < 0)
            {
                error = "Missing '>'";
                return false;
            }

            if (value[(close + 1)..].Trim().Length > 0)
            {
                error = "Extra text after '>'";
                return false;
            }

            value = value[(open + 1)..close].Trim();
        }

        error = Check(value);
        if (error.Length > 0)
        {
            return false;
        }

        address = value;
        return true;
    }

    /// <summary>The key an identity check compares: the local part as written, the domain in lower case.</summary>
    public static string Key(string address)
    {
        var at = address.LastIndexOf('@');
        return at < 0 ? address.ToLowerInvariant() : address[..at] + "@" + address[(at + 1)..].ToLowerInvariant();
    }

    public static string Domain(string address) => address[(address.LastIndexOf('@') + 1)..].ToLowerInvariant();

    /// <summary>Splits a header's address list on the commas that are outside quotes and angle brackets.</summary>
    public static List<string> SplitList(string header)
    {
        var items = new List<string>();
        var start = 0;
        var quoted = false;
        var angle = 0;
        for (var i = 0; i < header.Length; i++)
        {
            var c = header[i];
            if (c == '\\' && quoted)
            {
                i++;
            }
            else if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && c == '<')
            {
                angle++;
            }
            else if (!quoted && c == '>' && angle > 0)
            {
                angle--;
            }
            else if (!quoted && angle == 0 && c == ',')
            {
                Add(items, header[start..i]);
                start = i + 1;
            }
        }

        Add(items, header[start..]);
        return items;
    }

    private static void Add(List<string> items, string item)
    {
        var trimmed = item.Trim();
        if (trimmed.Length > 0)
        {
            items.Add(trimmed);
        }
    }

    private static int LastUnquoted(string value, char wanted)
    {
        var quoted = false;
        var found = -1;
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && value[i] == wanted)
            {
                found = i;
            }
        }

        return found;
    }

    private static string Check(string address)
    {
        var at = address.LastIndexOf('@');
        if (at < 0 || at == address.Length - 1)
        {
            return at < 0 ? "Missing final '@domain'" : "Missing domain";
        }

        if (at == 0)
        {
            return "Missing local name";
        }

        var local = address[..at];
        var domain = address[(at + 1)..];
        if (local.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)) && !(local.StartsWith('"') && local.EndsWith('"')))
        {
            return "Local address contains control or whitespace";
        }

        if (domain.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            return "Domain contains control or whitespace";
        }

        if (domain.IndexOfAny(['(', ')', '<', '>', ',', ';', ':', '\\', '"', '[', ']', '@']) >= 0)
        {
            return "Domain contains illegal character";
        }

        if (domain.StartsWith('.'))
        {
            return "Domain starts with dot";
        }

        if (domain.Contains("..", StringComparison.Ordinal))
        {
            return "Domain contains dot-dot";
        }

        return domain.EndsWith('.') ? "Domain ends with dot" : string.Empty;
    }
}
