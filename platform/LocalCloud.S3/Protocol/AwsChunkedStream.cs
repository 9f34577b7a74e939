using System.Text;

namespace LocalCloud.S3.Protocol;

/// <summary>
/// Reads the payload out of an <c>aws-chunked</c> body, as the SDKs and the AWS CLI send it with
/// <c>x-amz-content-sha256: STREAMING-AWS4-HMAC-SHA256-PAYLOAD</c> (each chunk <c>&lt;hex size&gt;;chunk-signature=…</c>),
/// <c>STREAMING-UNSIGNED-PAYLOAD-TRAILER</c> (<c>&lt;hex size&gt;</c> chunks, then trailing headers such as
/// <c>x-amz-checksum-crc32:…</c> after the last, empty chunk) and <c>STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER</c>.
/// Signatures are not verified, as elsewhere in the local cloud.
/// </summary>
internal sealed class AwsChunkedStream(Stream inner) : Stream
{
    private const int MaxLine = 8192;
    private readonly byte[] _buffer = new byte[1 << 16];
    private int _start;
    private int _end;
    private long _remaining;
    private bool _done;

    /// <summary>The trailing headers, by lower-case name, once the body has been read to its end.</summary>
    public Dictionary<string, string> Trailers { get; } = new(StringComparer.OrdinalIgnoreCase);

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_done || buffer.IsEmpty)
        {
            return 0;
        }

        if (_remaining == 0)
        {
            var header = await ReadLineAsync(cancellationToken) ?? throw S3Errors.IncompleteBody();
            var semicolon = header.IndexOf(';', StringComparison.Ordinal);
            var hex = (semicolon < 0 ? header : header[..semicolon]).Trim();
            if (!long.TryParse(hex, System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out _remaining) || _remaining < 0)
            {
                throw S3Errors.InvalidRequest("The chunk size of the aws-chunked body is not valid.");
            }

            if (_remaining == 0)
            {
                await ReadTrailersAsync(cancellationToken);
                _done = true;
                return 0;
            }
        }

        if (_start == _end && !await FillAsync(cancellationToken))
        {
            throw S3Errors.IncompleteBody();
        }

        var count = (int)Math.Min(Math.Min(buffer.Length, _remaining), _end - _start);
        _buffer.AsSpan(_start, count).CopyTo(buffer.Span);
        _start += count;
        _remaining -= count;
        if (_remaining == 0)
        {
            var end = await ReadLineAsync(cancellationToken);
            if (end is null || end.Length != 0)
            {
                throw S3Errors.IncompleteBody();
            }
        }

        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private async Task ReadTrailersAsync(CancellationToken cancellationToken)
    {
        while (await ReadLineAsync(cancellationToken) is { Length: > 0 } line)
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                Trailers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            }
        }
    }

    /// <summary>The next line without its CRLF, or null at the end of the body.</summary>
    private async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            if (newline >= 0)
            {
                var length = newline - _start;
                if (length > 0 && _buffer[newline - 1] == '\r')
                {
                    length--;
                }

                var line = Encoding.ASCII.GetString(_buffer, _start, length);
                _start = newline + 1;
                return line;
            }

            if (_end - _start > MaxLine)
            {
                throw S3Errors.InvalidRequest("A line of the aws-chunked body is too long.");
            }

            if (!await FillAsync(cancellationToken))
            {
                if (_end > _start)
                {
                    var rest = Encoding.ASCII.GetString(_buffer, _start, _end - _start);
                    _start = _end;
                    return rest;
                }

                return null;
            }
        }
    }

    private async Task<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        var read = await inner.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
        _end += read;
        return read > 0;
    }
}
