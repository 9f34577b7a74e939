using System.Text;

namespace Contracts.Cli.Commands;

internal static class TextTable
{
    public static string Render(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        var all = new List<IReadOnlyList<string>> { headers };
        all.AddRange(rows);
        var widths = headers.Select((_, i) => all.Max(r => r[i].Length)).ToArray();
        var builder = new StringBuilder();
        foreach (var row in all)
        {
            for (var i = 0; i < row.Count; i++)
            {
                builder.Append(i == row.Count - 1 ? row[i] : row[i].PadRight(widths[i] + 2));
            }

            builder.Append('\n');
        }

        return builder.ToString();
    }
}
