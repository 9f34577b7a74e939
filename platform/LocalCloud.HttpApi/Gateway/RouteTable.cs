using LocalCloud.HttpApi.Model;

namespace LocalCloud.HttpApi.Gateway;

internal sealed record RouteMatch(RouteRecord Route, IReadOnlyDictionary<string, string>? PathParameters);

/// <summary>
/// The routes of one deployment, matched as API Gateway selects a route for an HTTP API: the most specific path wins
/// (segment by segment from the left, a literal before a <c>{variable}</c> before a greedy <c>{proxy+}</c>), then a
/// route for the request's method before <c>ANY</c>, and <c>$default</c> when nothing else matches.
/// </summary>
internal sealed class RouteTable
{
    private readonly CompiledRoute[] _routes;
    private readonly RouteRecord? _default;

    public RouteTable(IEnumerable<RouteRecord> routes)
    {
        var compiled = new List<CompiledRoute>();
        foreach (var route in routes)
        {
            if (route.RouteKey == RouteKeys.Default)
            {
                _default = route;
            }
            else if (RouteKeys.TryParse(route.RouteKey, out var method, out var path))
            {
                compiled.Add(new CompiledRoute(route, method, Segment.Parse(path)));
            }
        }

        compiled.Sort(static (a, b) => Compare(a, b));
        _routes = [.. compiled];
    }

    public RouteRecord? DefaultRoute => _default;

    public bool HasExplicitRoute(string method, string path) =>
        Array.Exists(_routes, r => r.Method == method && r.TryMatch(SplitPath(path), out _));

    /// <summary>The route for <paramref name="method"/> and the raw (still percent-encoded) <paramref name="path"/>.</summary>
    public RouteMatch? Match(string method, string path)
    {
        var segments = SplitPath(path);
        foreach (var route in _routes)
        {
            if ((route.Method == method || route.Method == "ANY") && route.TryMatch(segments, out var parameters))
            {
                return new RouteMatch(route.Route, parameters);
            }
        }

        return _default is null ? null : new RouteMatch(_default, null);
    }

    private static string[] SplitPath(string path) => path.Length <= 1 ? [""] : path[1..].Split('/');

    private static int Compare(CompiledRoute a, CompiledRoute b)
    {
        var count = Math.Min(a.Segments.Length, b.Segments.Length);
        for (var i = 0; i < count; i++)
        {
            var kind = a.Segments[i].Kind.CompareTo(b.Segments[i].Kind);
            if (kind != 0)
            {
                return kind;
            }
        }

        var length = b.Segments.Length.CompareTo(a.Segments.Length);
        if (length != 0)
        {
            return length;
        }

        var any = (a.Method == "ANY").CompareTo(b.Method == "ANY");
        return any != 0 ? any : a.Route.Sequence.CompareTo(b.Route.Sequence);
    }

    private enum SegmentKind
    {
        Literal,
        Variable,
        Greedy,
    }

    private sealed record Segment(SegmentKind Kind, string Text)
    {
        public static Segment[] Parse(string path) =>
            [.. (path.Length <= 1 ? [""] : path[1..].Split('/')).Select(s => s.StartsWith('{') && s.EndsWith('}')
                ? s.EndsWith("+}", StringComparison.Ordinal)
                    ? new Segment(SegmentKind.Greedy, s[1..^2])
                    : new Segment(SegmentKind.Variable, s[1..^1])
                : new Segment(SegmentKind.Literal, s))];
    }

    private sealed record CompiledRoute(RouteRecord Route, string Method, Segment[] Segments)
    {
        public bool TryMatch(string[] path, out Dictionary<string, string>? parameters)
        {
            parameters = null;
            for (var i = 0; i < Segments.Length; i++)
            {
                var segment = Segments[i];
                if (segment.Kind == SegmentKind.Greedy)
                {
                    if (i >= path.Length)
                    {
                        return false;
                    }

                    var rest = string.Join('/', path, i, path.Length - i);
                    if (rest.Length == 0)
                    {
                        return false;
                    }

                    (parameters ??= new Dictionary<string, string>(StringComparer.Ordinal))[segment.Text] = Uri.UnescapeDataString(rest);
                    return true;
                }

                if (i >= path.Length)
                {
                    return false;
                }

                if (segment.Kind == SegmentKind.Literal)
                {
                    if (!string.Equals(segment.Text, path[i], StringComparison.Ordinal)
                        && !string.Equals(segment.Text, Uri.UnescapeDataString(path[i]), StringComparison.Ordinal))
                    {
                        return false;
                    }
                }
                else
                {
                    if (path[i].Length == 0)
                    {
                        return false;
                    }

                    (parameters ??= new Dictionary<string, string>(StringComparer.Ordinal))[segment.Text] = Uri.UnescapeDataString(path[i]);
                }
            }

            return path.Length == Segments.Length;
        }
    }
}
