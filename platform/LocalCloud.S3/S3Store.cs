using System.Text.Json;
using System.Text.Json.Serialization;
using LocalCloud.Core.Storage;
using LocalCloud.S3.Model;
using Microsoft.Data.Sqlite;

namespace LocalCloud.S3;

/// <summary>What a write of an object did: the version it stored and the files nobody references any more (the
/// version it replaced, the parts of a completed upload), to be deleted once the write has committed.</summary>
internal sealed record ObjectWrite(ObjectRecord Object, IReadOnlyList<string> UnreferencedBlobs);

internal sealed record ObjectDeletion(string? VersionId, bool DeleteMarker, IReadOnlyList<string> UnreferencedBlobs);

/// <summary>
/// Buckets, object versions, multipart uploads and parts in the local cloud's SQLite store. The bytes live in files
/// (<see cref="ObjectFiles"/>); a row names its file only once the file is complete and flushed to disk, so an object
/// is visible whole or not at all.
/// </summary>
internal sealed class S3Store(SqliteStore store)
{
    private const string ObjectColumns = "bucket, key, version_id, seq, latest, delete_marker, size, etag, last_modified, headers, blob";

    public static StorageSchema Storage { get; } = new("s3",
    [
        """
        CREATE TABLE s3_buckets (
            name TEXT NOT NULL PRIMARY KEY,
            account_id TEXT NOT NULL,
            region TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            versioning TEXT,
            policy TEXT,
            tags TEXT NOT NULL
        );
        CREATE TABLE s3_objects (
            bucket TEXT NOT NULL,
            key TEXT NOT NULL,
            version_id TEXT NOT NULL,
            seq INTEGER NOT NULL,
            latest INTEGER NOT NULL,
            delete_marker INTEGER NOT NULL,
            size INTEGER NOT NULL,
            etag TEXT NOT NULL,
            last_modified INTEGER NOT NULL,
            headers TEXT NOT NULL,
            blob TEXT,
            PRIMARY KEY (bucket, key, version_id)
        );
        CREATE INDEX s3_objects_current ON s3_objects (bucket, latest, key);
        CREATE TABLE s3_uploads (
            upload_id TEXT NOT NULL PRIMARY KEY,
            bucket TEXT NOT NULL,
            key TEXT NOT NULL,
            initiated INTEGER NOT NULL,
            headers TEXT NOT NULL
        );
        CREATE INDEX s3_uploads_bucket ON s3_uploads (bucket, key, initiated);
        CREATE TABLE s3_parts (
            upload_id TEXT NOT NULL REFERENCES s3_uploads(upload_id) ON DELETE CASCADE,
            part_number INTEGER NOT NULL,
            size INTEGER NOT NULL,
            etag TEXT NOT NULL,
            last_modified INTEGER NOT NULL,
            checksums TEXT NOT NULL,
            blob TEXT NOT NULL,
            PRIMARY KEY (upload_id, part_number)
        );
        """,
    ]);

    // Buckets

    public BucketRecord? GetBucket(string name) =>
        store.Read(connection => ReadBucket(connection, name));

    public IReadOnlyList<BucketRecord> ListBuckets(string accountId) =>
        store.Read(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT name, account_id, region, created_at, versioning, policy, tags FROM s3_buckets WHERE account_id = $account ORDER BY name";
            command.Parameters.AddWithValue("$account", accountId);
            return ReadBuckets(command);
        });

    /// <summary>Creates the bucket, or returns the bucket that already has the name (and creates nothing).</summary>
    public Task<BucketRecord?> CreateBucketAsync(BucketRecord bucket) =>
        store.WriteAsync(connection =>
        {
            if (ReadBucket(connection, bucket.Name) is { } existing)
            {
                return existing;
            }

            connection.Execute(
                "INSERT INTO s3_buckets (name, account_id, region, created_at, versioning, policy, tags) VALUES ($name, $account, $region, $created, $versioning, $policy, $tags)",
                ("$name", bucket.Name), ("$account", bucket.AccountId), ("$region", bucket.Region), ("$created", bucket.CreatedAt.ToUnixTimeMilliseconds()),
                ("$versioning", bucket.Versioning), ("$policy", bucket.Policy), ("$tags", Json(bucket.Tags)));
            return (BucketRecord?)null;
        });

    public Task<BucketRecord> UpdateBucketAsync(string name, Func<BucketRecord, BucketRecord> change) =>
        store.WriteAsync(connection =>
        {
            var bucket = ReadBucket(connection, name) ?? throw S3Errors.NoSuchBucket(name);
            var changed = change(bucket);
            connection.Execute(
                "UPDATE s3_buckets SET versioning = $versioning, policy = $policy, tags = $tags WHERE name = $name",
                ("$versioning", changed.Versioning), ("$policy", changed.Policy), ("$tags", Json(changed.Tags)), ("$name", name));
            return changed;
        });

    /// <summary>Deletes an empty bucket (its unfinished uploads with it) and returns the files of their parts.</summary>
    public Task<IReadOnlyList<string>> DeleteBucketAsync(string name) =>
        store.WriteAsync(connection =>
        {
            if (ReadBucket(connection, name) is null)
            {
                throw S3Errors.NoSuchBucket(name);
            }

            if (connection.Scalar("SELECT 1 FROM s3_objects WHERE bucket = $bucket LIMIT 1", ("$bucket", name)) is not null)
            {
                throw S3Errors.BucketNotEmpty(name);
            }

            var blobs = Strings(connection, "SELECT p.blob FROM s3_parts p JOIN s3_uploads u ON u.upload_id = p.upload_id WHERE u.bucket = $bucket", ("$bucket", name));
            connection.Execute("DELETE FROM s3_uploads WHERE bucket = $bucket", ("$bucket", name));
            connection.Execute("DELETE FROM s3_buckets WHERE name = $name", ("$name", name));
            return (IReadOnlyList<string>)blobs;
        });

    public (long Buckets, long Objects, long Bytes) Counts() =>
        store.Read(connection =>
        {
            var buckets = (long)connection.Scalar("SELECT COUNT(*) FROM s3_buckets")!;
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*), COALESCE(SUM(size), 0) FROM s3_objects WHERE latest = 1 AND delete_marker = 0";
            using var reader = command.ExecuteReader();
            reader.Read();
            return (buckets, reader.GetInt64(0), reader.GetInt64(1));
        });

    // Objects

    /// <summary>The given version, else the latest one (which may be a delete marker).</summary>
    public ObjectRecord? GetObject(string bucket, string key, string? versionId) =>
        store.Read(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = versionId is null
                ? $"SELECT {ObjectColumns} FROM s3_objects WHERE bucket = $bucket AND key = $key AND latest = 1"
                : $"SELECT {ObjectColumns} FROM s3_objects WHERE bucket = $bucket AND key = $key AND version_id = $version";
            command.Parameters.AddWithValue("$bucket", bucket);
            command.Parameters.AddWithValue("$key", key);
            command.Parameters.AddWithValue("$version", (object?)versionId ?? DBNull.Value);
            using var reader = command.ExecuteReader();
            return reader.Read() ? ReadObject(reader) : null;
        });

    /// <summary>
    /// Stores <paramref name="draft"/> as the latest version of its key: under <paramref name="newVersionId"/> when the
    /// bucket's versioning is enabled, else as the <c>null</c> version, replacing the previous <c>null</c> version.
    /// </summary>
    public Task<ObjectWrite> PutObjectAsync(ObjectRecord draft, string newVersionId, string? completesUpload = null) =>
        store.WriteAsync(connection =>
        {
            var bucket = ReadBucket(connection, draft.Bucket) ?? throw S3Errors.NoSuchBucket(draft.Bucket);
            var unreferenced = new List<string>();
            if (completesUpload is not null)
            {
                if (connection.Scalar("SELECT 1 FROM s3_uploads WHERE upload_id = $id", ("$id", completesUpload)) is null)
                {
                    throw S3Errors.NoSuchUpload(completesUpload);
                }

                unreferenced.AddRange(Strings(connection, "SELECT blob FROM s3_parts WHERE upload_id = $id", ("$id", completesUpload)));
                connection.Execute("DELETE FROM s3_uploads WHERE upload_id = $id", ("$id", completesUpload));
            }

            var stored = Insert(connection, draft with { VersionId = bucket.VersioningEnabled ? newVersionId : VersioningStatus.NullVersion }, unreferenced);
            return new ObjectWrite(stored, unreferenced);
        });

    /// <summary>
    /// DeleteObject: with a version id, removes that version for good (the newest remaining one becomes the latest);
    /// without one, removes the <c>null</c> version and, when the bucket has versioning, puts a delete marker on top.
    /// </summary>
    public Task<ObjectDeletion> DeleteObjectAsync(string bucketName, string key, string? versionId, string newVersionId, DateTimeOffset now) =>
        store.WriteAsync(connection =>
        {
            var bucket = ReadBucket(connection, bucketName) ?? throw S3Errors.NoSuchBucket(bucketName);
            var unreferenced = new List<string>();
            if (versionId is not null)
            {
                var version = ReadObjectRow(connection, bucketName, key, versionId);
                if (version is null)
                {
                    return new ObjectDeletion(versionId, false, unreferenced);
                }

                connection.Execute("DELETE FROM s3_objects WHERE bucket = $bucket AND key = $key AND version_id = $version", ("$bucket", bucketName), ("$key", key), ("$version", versionId));
                AddBlob(unreferenced, version.Blob);
                if (version.IsLatest)
                {
                    connection.Execute(
                        "UPDATE s3_objects SET latest = 1 WHERE bucket = $bucket AND key = $key AND seq = (SELECT MAX(seq) FROM s3_objects WHERE bucket = $bucket AND key = $key)",
                        ("$bucket", bucketName), ("$key", key));
                }

                return new ObjectDeletion(versionId, version.IsDeleteMarker, unreferenced);
            }

            if (bucket.Versioning is null)
            {
                var current = ReadObjectRow(connection, bucketName, key, VersioningStatus.NullVersion);
                if (current is not null)
                {
                    connection.Execute("DELETE FROM s3_objects WHERE bucket = $bucket AND key = $key", ("$bucket", bucketName), ("$key", key));
                    AddBlob(unreferenced, current.Blob);
                }

                return new ObjectDeletion(null, false, unreferenced);
            }

            var markerVersion = bucket.VersioningEnabled ? newVersionId : VersioningStatus.NullVersion;
            var marker = new ObjectRecord(bucketName, key, markerVersion, 0, true, true, 0, string.Empty, now, new Dictionary<string, string>(), null);
            Insert(connection, marker, unreferenced);
            return new ObjectDeletion(markerVersion, true, unreferenced);
        });

    /// <summary>
    /// The current (latest, not deleted) objects whose keys start with <paramref name="prefix"/> and sort after
    /// <paramref name="after"/>, keys sharing a prefix up to <paramref name="delimiter"/> rolled up into common
    /// prefixes; each object and each common prefix counts against <paramref name="maxKeys"/>.
    /// </summary>
    public ListingPage<ObjectRecord> ListObjects(string bucket, string prefix, string? after, string? delimiter, int maxKeys) =>
        store.Read(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = after is null
                ? $"SELECT {ObjectColumns} FROM s3_objects WHERE bucket = $bucket AND latest = 1 AND key >= $prefix AND substr(key, 1, length($prefix)) = $prefix AND delete_marker = 0 ORDER BY key"
                : $"SELECT {ObjectColumns} FROM s3_objects WHERE bucket = $bucket AND latest = 1 AND key > $after AND key >= $prefix AND substr(key, 1, length($prefix)) = $prefix AND delete_marker = 0 ORDER BY key";
            command.Parameters.AddWithValue("$bucket", bucket);
            command.Parameters.AddWithValue("$after", (object?)after ?? DBNull.Value);
            command.Parameters.AddWithValue("$prefix", prefix);
            return Roll(command, prefix, after, delimiter, maxKeys);
        });

    /// <summary>Every version and delete marker, by key and then newest first.</summary>
    public ListingPage<ObjectRecord> ListVersions(string bucket, string prefix, string? keyMarker, string? versionIdMarker, string? delimiter, int maxKeys) =>
        store.Read(connection =>
        {
            long? markerSeq = null;
            if (keyMarker is not null && versionIdMarker is not null && ReadObjectRow(connection, bucket, keyMarker, versionIdMarker) is { } marked)
            {
                markerSeq = marked.Sequence;
            }

            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {ObjectColumns} FROM s3_objects WHERE bucket = $bucket AND substr(key, 1, length($prefix)) = $prefix AND (key > $marker OR (key = $marker AND seq < $seq)) ORDER BY key, seq DESC";
            command.Parameters.AddWithValue("$bucket", bucket);
            command.Parameters.AddWithValue("$prefix", prefix);
            command.Parameters.AddWithValue("$marker", keyMarker ?? string.Empty);
            command.Parameters.AddWithValue("$seq", markerSeq ?? -1);
            return Roll(command, prefix, markerSeq is null ? keyMarker : null, delimiter, maxKeys);
        });

    // Multipart uploads

    public Task CreateUploadAsync(MultipartUploadRecord upload) =>
        store.WriteAsync(connection =>
        {
            if (ReadBucket(connection, upload.Bucket) is null)
            {
                throw S3Errors.NoSuchBucket(upload.Bucket);
            }

            connection.Execute(
                "INSERT INTO s3_uploads (upload_id, bucket, key, initiated, headers) VALUES ($id, $bucket, $key, $initiated, $headers)",
                ("$id", upload.UploadId), ("$bucket", upload.Bucket), ("$key", upload.Key), ("$initiated", upload.Initiated.ToUnixTimeMilliseconds()), ("$headers", Json(upload.Headers)));
        });

    public MultipartUploadRecord? GetUpload(string uploadId) =>
        store.Read(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT upload_id, bucket, key, initiated, headers FROM s3_uploads WHERE upload_id = $id";
            command.Parameters.AddWithValue("$id", uploadId);
            using var reader = command.ExecuteReader();
            return reader.Read() ? ReadUpload(reader) : null;
        });

    public ListingPage<MultipartUploadRecord> ListUploads(string bucket, string prefix, string? keyMarker, string? delimiter, int maxUploads) =>
        store.Read(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT upload_id, bucket, key, initiated, headers FROM s3_uploads WHERE bucket = $bucket AND key > $marker AND substr(key, 1, length($prefix)) = $prefix ORDER BY key, initiated";
            command.Parameters.AddWithValue("$bucket", bucket);
            command.Parameters.AddWithValue("$marker", keyMarker ?? string.Empty);
            command.Parameters.AddWithValue("$prefix", prefix);
            var uploads = new List<(string Key, MultipartUploadRecord Upload)>();
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    var upload = ReadUpload(reader);
                    uploads.Add((upload.Key, upload));
                }
            }

            return RollRows(uploads, prefix, keyMarker, delimiter, maxUploads);
        });

    /// <summary>Stores a part (replacing one with the same number) and returns the file of the part it replaced.</summary>
    public Task<string?> PutPartAsync(PartRecord part) =>
        store.WriteAsync(connection =>
        {
            if (connection.Scalar("SELECT 1 FROM s3_uploads WHERE upload_id = $id", ("$id", part.UploadId)) is null)
            {
                throw S3Errors.NoSuchUpload(part.UploadId);
            }

            var replaced = connection.Scalar("SELECT blob FROM s3_parts WHERE upload_id = $id AND part_number = $n", ("$id", part.UploadId), ("$n", part.PartNumber)) as string;
            connection.Execute(
                "INSERT OR REPLACE INTO s3_parts (upload_id, part_number, size, etag, last_modified, checksums, blob) VALUES ($id, $n, $size, $etag, $modified, $checksums, $blob)",
                ("$id", part.UploadId), ("$n", part.PartNumber), ("$size", part.Size), ("$etag", part.ETag), ("$modified", part.LastModified.ToUnixTimeMilliseconds()),
                ("$checksums", Json(part.Checksums)), ("$blob", part.Blob));
            return replaced;
        });

    public IReadOnlyList<PartRecord> ListParts(string uploadId) =>
        store.Read(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT upload_id, part_number, size, etag, last_modified, checksums, blob FROM s3_parts WHERE upload_id = $id ORDER BY part_number";
            command.Parameters.AddWithValue("$id", uploadId);
            using var reader = command.ExecuteReader();
            var parts = new List<PartRecord>();
            while (reader.Read())
            {
                parts.Add(new PartRecord(reader.GetString(0), reader.GetInt32(1), reader.GetInt64(2), reader.GetString(3),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)), Dictionary(reader.GetString(5)), reader.GetString(6)));
            }

            return parts;
        });

    /// <summary>Forgets the upload and returns the files of its parts.</summary>
    public Task<IReadOnlyList<string>> AbortUploadAsync(string uploadId) =>
        store.WriteAsync(connection =>
        {
            if (connection.Scalar("SELECT 1 FROM s3_uploads WHERE upload_id = $id", ("$id", uploadId)) is null)
            {
                throw S3Errors.NoSuchUpload(uploadId);
            }

            var blobs = Strings(connection, "SELECT blob FROM s3_parts WHERE upload_id = $id", ("$id", uploadId));
            connection.Execute("DELETE FROM s3_uploads WHERE upload_id = $id", ("$id", uploadId));
            return (IReadOnlyList<string>)blobs;
        });

    /// <summary>Every file a row refers to (objects and parts), for the sweep of files left by a crash.</summary>
    public HashSet<string> ReferencedBlobs() =>
        store.Read(connection =>
        {
            var blobs = new HashSet<string>(StringComparer.Ordinal);
            blobs.UnionWith(Strings(connection, "SELECT blob FROM s3_objects WHERE blob IS NOT NULL"));
            blobs.UnionWith(Strings(connection, "SELECT blob FROM s3_parts"));
            return blobs;
        });

    public static string Json(IReadOnlyDictionary<string, string> values) =>
        JsonSerializer.Serialize(values as Dictionary<string, string> ?? new Dictionary<string, string>(values, StringComparer.Ordinal), S3JsonContext.Default.DictionaryStringString);

    public static Dictionary<string, string> Dictionary(string json) =>
        JsonSerializer.Deserialize(json, S3JsonContext.Default.DictionaryStringString) ?? new Dictionary<string, string>(StringComparer.Ordinal);

    private static ObjectRecord Insert(SqliteConnection connection, ObjectRecord record, List<string> unreferenced)
    {
        if (record.VersionId == VersioningStatus.NullVersion && ReadObjectRow(connection, record.Bucket, record.Key, VersioningStatus.NullVersion) is { } replaced)
        {
            AddBlob(unreferenced, replaced.Blob);
            connection.Execute("DELETE FROM s3_objects WHERE bucket = $bucket AND key = $key AND version_id = $version",
                ("$bucket", record.Bucket), ("$key", record.Key), ("$version", VersioningStatus.NullVersion));
        }

        var sequence = (long)connection.Scalar("SELECT COALESCE(MAX(seq), 0) + 1 FROM s3_objects WHERE bucket = $bucket AND key = $key", ("$bucket", record.Bucket), ("$key", record.Key))!;
        connection.Execute("UPDATE s3_objects SET latest = 0 WHERE bucket = $bucket AND key = $key AND latest = 1", ("$bucket", record.Bucket), ("$key", record.Key));
        var stored = record with { Sequence = sequence, IsLatest = true };
        connection.Execute(
            $"INSERT INTO s3_objects ({ObjectColumns}) VALUES ($bucket, $key, $version, $seq, 1, $marker, $size, $etag, $modified, $headers, $blob)",
            ("$bucket", stored.Bucket), ("$key", stored.Key), ("$version", stored.VersionId), ("$seq", sequence), ("$marker", stored.IsDeleteMarker ? 1 : 0),
            ("$size", stored.Size), ("$etag", stored.ETag), ("$modified", stored.LastModified.ToUnixTimeMilliseconds()), ("$headers", Json(stored.Headers)), ("$blob", stored.Blob));
        return stored;
    }

    private static void AddBlob(List<string> blobs, string? blob)
    {
        if (blob is not null)
        {
            blobs.Add(blob);
        }
    }

    /// <summary>Reads rows in key order, one row per common prefix, until there is one more than a page needs.</summary>
    private static ListingPage<ObjectRecord> Roll(SqliteCommand command, string prefix, string? after, string? delimiter, int maxKeys)
    {
        var rows = new List<(string, ObjectRecord)>();
        using var reader = command.ExecuteReader();
        string? lastPrefix = null;
        while (reader.Read() && rows.Count < maxKeys + 2)
        {
            var record = ReadObject(reader);
            if (!string.IsNullOrEmpty(delimiter))
            {
                var at = record.Key.IndexOf(delimiter, prefix.Length, StringComparison.Ordinal);
                if (at >= 0)
                {
                    var common = record.Key[..(at + delimiter.Length)];
                    if (common == lastPrefix)
                    {
                        continue;
                    }

                    lastPrefix = common;
                }
            }

            rows.Add((record.Key, record));
        }

        return RollRows(rows, prefix, after, delimiter, maxKeys);
    }

    private static ListingPage<T> RollRows<T>(List<(string Key, T Item)> rows, string prefix, string? after, string? delimiter, int maxKeys)
    {
        var items = new List<T>();
        var prefixes = new List<string>();
        string? last = null;
        var truncated = false;
        foreach (var (key, item) in rows)
        {
            string? common = null;
            if (!string.IsNullOrEmpty(delimiter))
            {
                var at = key.IndexOf(delimiter, prefix.Length, StringComparison.Ordinal);
                if (at >= 0)
                {
                    common = key[..(at + delimiter.Length)];
                    if (common == last || (after is not null && common == after))
                    {
                        continue;
                    }
                }
            }

            if (items.Count + prefixes.Count >= maxKeys)
            {
                truncated = true;
                break;
            }

            if (common is not null)
            {
                prefixes.Add(common);
                last = common;
            }
            else
            {
                items.Add(item);
                last = key;
            }
        }

        return new ListingPage<T>(items, prefixes, truncated, last);
    }

    private static BucketRecord? ReadBucket(SqliteConnection connection, string name)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name, account_id, region, created_at, versioning, policy, tags FROM s3_buckets WHERE name = $name";
        command.Parameters.AddWithValue("$name", name);
        return ReadBuckets(command).FirstOrDefault();
    }

    private static List<BucketRecord> ReadBuckets(SqliteCommand command)
    {
        var buckets = new List<BucketRecord>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            buckets.Add(new BucketRecord(
                reader.GetString(0), reader.GetString(1), reader.GetString(2), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5), Dictionary(reader.GetString(6))));
        }

        return buckets;
    }

    private static ObjectRecord? ReadObjectRow(SqliteConnection connection, string bucket, string key, string versionId)
    {
        using var lease = connection.Statement($"SELECT {ObjectColumns} FROM s3_objects WHERE bucket = $bucket AND key = $key AND version_id = $version");
        lease.Bind(("$bucket", bucket), ("$key", key), ("$version", versionId));
        using var reader = lease.Command.ExecuteReader();
        return reader.Read() ? ReadObject(reader) : null;
    }

    private static ObjectRecord ReadObject(SqliteDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetInt64(4) == 1, reader.GetInt64(5) == 1,
        reader.GetInt64(6), reader.GetString(7), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(8)), Dictionary(reader.GetString(9)),
        reader.IsDBNull(10) ? null : reader.GetString(10));

    private static MultipartUploadRecord ReadUpload(SqliteDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), reader.GetString(2), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)), Dictionary(reader.GetString(4)));

    private static List<string> Strings(SqliteConnection connection, string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        using var lease = connection.Statement(sql);
        lease.Bind(parameters);
        using var reader = lease.Command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }
}

[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class S3JsonContext : JsonSerializerContext;
