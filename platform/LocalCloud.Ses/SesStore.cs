using System.Text.Json;
using LocalCloud.Core.Hosting;
using LocalCloud.Core.Paging;
using LocalCloud.Core.Storage;
using LocalCloud.Ses.Mail;
using LocalCloud.Ses.Mailbox;
using LocalCloud.Ses.Model;
using LocalCloud.Ses.Wire;
using Microsoft.Data.Sqlite;

namespace LocalCloud.Ses;

/// <summary>A message accepted by <c>SendEmail</c>, ready to be stored in the mailbox.</summary>
internal sealed record AcceptedMessage(
    string Id,
    ResourceScope Scope,
    DateTimeOffset ReceivedAt,
    string From,
    IReadOnlyList<string> To,
    IReadOnlyList<string> Cc,
    IReadOnlyList<string> Bcc,
    IReadOnlyList<string> ReplyTo,
    string? Subject,
    string? Text,
    string? Html,
    string? Template,
    IReadOnlyList<MailboxTag> Tags,
    string Status,
    string? StatusReason,
    byte[] Raw);

/// <summary>Email identities, templates and the mailbox in the local cloud's SQLite store. Identities and
/// templates are regional (keyed by <c>ACCOUNT:REGION</c>); the mailbox holds every region's mail.</summary>
internal sealed class SesStore(SqliteStore store)
{
    public const int MaxIdentities = 10_000;
    public const int MaxTemplates = 10_000;

    public static StorageSchema Storage { get; } = new("ses",
    [
        """
        CREATE TABLE ses_identities (
            scope TEXT NOT NULL,
            identity_key TEXT NOT NULL,
            name TEXT NOT NULL,
            type TEXT NOT NULL,
            tags TEXT NOT NULL,
            configuration_set TEXT,
            created_at INTEGER NOT NULL,
            PRIMARY KEY (scope, identity_key)
        );
        CREATE TABLE ses_templates (
            scope TEXT NOT NULL,
            name TEXT NOT NULL,
            subject TEXT,
            text_part TEXT,
            html_part TEXT,
            tags TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            PRIMARY KEY (scope, name)
        );
        CREATE TABLE ses_messages (
            sequence INTEGER PRIMARY KEY AUTOINCREMENT,
            id TEXT NOT NULL UNIQUE,
            account_id TEXT NOT NULL,
            region TEXT NOT NULL,
            received_at INTEGER NOT NULL,
            from_address TEXT NOT NULL,
            to_addresses TEXT NOT NULL,
            cc_addresses TEXT NOT NULL,
            bcc_addresses TEXT NOT NULL,
            reply_to TEXT NOT NULL,
            subject TEXT,
            text_part TEXT,
            html_part TEXT,
            template TEXT,
            tags TEXT NOT NULL,
            status TEXT NOT NULL,
            status_reason TEXT,
            raw BLOB NOT NULL
        );
        CREATE TABLE ses_recipients (
            address TEXT NOT NULL,
            sequence INTEGER NOT NULL REFERENCES ses_messages(sequence) ON DELETE CASCADE,
            PRIMARY KEY (address, sequence)
        );
        """,
    ]);

    public Task<EmailIdentityRecord> CreateIdentityAsync(ResourceScope scope, string key, EmailIdentityRecord identity) =>
        store.WriteAsync(connection =>
        {
            if (connection.Scalar("SELECT 1 FROM ses_identities WHERE scope = $scope AND identity_key = $key", ("$scope", Scope(scope)), ("$key", key)) is not null)
            {
                throw SesErrors.AlreadyExists($"Email identity {identity.Name} already exists.");
            }

            if (Count(connection, "ses_identities", scope) >= MaxIdentities)
            {
                throw SesErrors.LimitExceeded($"The maximum number of email identities ({MaxIdentities}) has been reached in this region.");
            }

            connection.Execute(
                "INSERT INTO ses_identities (scope, identity_key, name, type, tags, configuration_set, created_at) VALUES ($scope, $key, $name, $type, $tags, $set, $now)",
                ("$scope", Scope(scope)), ("$key", key), ("$name", identity.Name), ("$type", identity.Type.ToString()),
                ("$tags", TagsJson(identity.Tags)), ("$set", identity.ConfigurationSetName), ("$now", identity.CreatedAt.ToUnixTimeMilliseconds()));
            return identity;
        });

    public EmailIdentityRecord? GetIdentity(ResourceScope scope, string key) =>
        store.Read(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = IdentitySelect + " WHERE scope = $scope AND identity_key = $key";
            command.Parameters.AddWithValue("$scope", Scope(scope));
            command.Parameters.AddWithValue("$key", key);
            return ReadIdentities(command).FirstOrDefault();
        });

    /// <summary>Whether <paramref name="addressKey"/> is itself a verified identity or lies in a verified domain.</summary>
    public bool IsVerifiedSender(ResourceScope scope, string addressKey, string domain) =>
        store.Read(connection => connection.Scalar(
            "SELECT 1 FROM ses_identities WHERE scope = $scope AND identity_key IN ($address, $domain) LIMIT 1",
            ("$scope", Scope(scope)), ("$address", addressKey), ("$domain", domain)) is not null);

    public Page<(string Key, EmailIdentityRecord Identity)> ListIdentities(ResourceScope scope, string? nextToken, int limit) =>
        store.Read(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT identity_key, " + IdentityColumns + " FROM ses_identities WHERE scope = $scope AND identity_key > $after ORDER BY identity_key LIMIT $limit";
            command.Parameters.AddWithValue("$scope", Scope(scope));
            command.Parameters.AddWithValue("$after", Decode(nextToken));
            command.Parameters.AddWithValue("$limit", limit + 1);
            var rows = new List<(string, EmailIdentityRecord)>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                rows.Add((reader.GetString(0), ReadIdentity(reader, 1)));
            }

            return Paginate(rows, limit, r => r.Item1);
        });

    public Task DeleteIdentityAsync(ResourceScope scope, string key, string name) =>
        store.WriteAsync(connection =>
        {
            if (connection.Execute("DELETE FROM ses_identities WHERE scope = $scope AND identity_key = $key", ("$scope", Scope(scope)), ("$key", key)) == 0)
            {
                throw SesErrors.IdentityNotFound(name);
            }
        });

    public Task CreateTemplateAsync(ResourceScope scope, EmailTemplateRecord template) =>
        store.WriteAsync(connection =>
        {
            if (connection.Scalar("SELECT 1 FROM ses_templates WHERE scope = $scope AND name = $name", ("$scope", Scope(scope)), ("$name", template.Name)) is not null)
            {
                throw SesErrors.AlreadyExists($"Template {template.Name} already exists.");
            }

            if (Count(connection, "ses_templates", scope) >= MaxTemplates)
            {
                throw SesErrors.LimitExceeded($"The maximum number of email templates ({MaxTemplates}) has been reached in this region.");
            }

            connection.Execute(
                "INSERT INTO ses_templates (scope, name, subject, text_part, html_part, tags, created_at) VALUES ($scope, $name, $subject, $text, $html, $tags, $now)",
                ("$scope", Scope(scope)), ("$name", template.Name), ("$subject", template.Content.Subject), ("$text", template.Content.Text),
                ("$html", template.Content.Html), ("$tags", TagsJson(template.Tags)), ("$now", template.CreatedAt.ToUnixTimeMilliseconds()));
        });

    public EmailTemplateRecord? GetTemplate(ResourceScope scope, string name) =>
        store.Read(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = TemplateSelect + " WHERE scope = $scope AND name = $name";
            command.Parameters.AddWithValue("$scope", Scope(scope));
            command.Parameters.AddWithValue("$name", name);
            return ReadTemplates(command).FirstOrDefault();
        });

    public Page<EmailTemplateRecord> ListTemplates(ResourceScope scope, string? nextToken, int limit) =>
        store.Read(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = TemplateSelect + " WHERE scope = $scope AND name > $after ORDER BY name LIMIT $limit";
            command.Parameters.AddWithValue("$scope", Scope(scope));
            command.Parameters.AddWithValue("$after", Decode(nextToken));
            command.Parameters.AddWithValue("$limit", limit + 1);
            return Paginate(ReadTemplates(command), limit, t => t.Name);
        });

    public Task UpdateTemplateAsync(ResourceScope scope, string name, TemplateContent content) =>
        store.WriteAsync(connection =>
        {
            if (connection.Execute(
                "UPDATE ses_templates SET subject = $subject, text_part = $text, html_part = $html WHERE scope = $scope AND name = $name",
                ("$scope", Scope(scope)), ("$name", name), ("$subject", content.Subject), ("$text", content.Text), ("$html", content.Html)) == 0)
            {
                throw SesErrors.TemplateNotFound(name);
            }
        });

    public Task DeleteTemplateAsync(ResourceScope scope, string name) =>
        store.WriteAsync(connection =>
        {
            if (connection.Execute("DELETE FROM ses_templates WHERE scope = $scope AND name = $name", ("$scope", Scope(scope)), ("$name", name)) == 0)
            {
                throw SesErrors.TemplateNotFound(name);
            }
        });

    public Task<long> AddMessageAsync(AcceptedMessage message) =>
        store.WriteAsync(connection =>
        {
            var sequence = (long)connection.Scalar(
                """
                INSERT INTO ses_messages (id, account_id, region, received_at, from_address, to_addresses, cc_addresses, bcc_addresses, reply_to,
                    subject, text_part, html_part, template, tags, status, status_reason, raw)
                VALUES ($id, $account, $region, $at, $from, $to, $cc, $bcc, $replyTo, $subject, $text, $html, $template, $tags, $status, $reason, $raw)
                RETURNING sequence
                """,
                ("$id", message.Id), ("$account", message.Scope.AccountId), ("$region", message.Scope.Region), ("$at", message.ReceivedAt.ToUnixTimeMilliseconds()),
                ("$from", message.From), ("$to", List(message.To)), ("$cc", List(message.Cc)), ("$bcc", List(message.Bcc)), ("$replyTo", List(message.ReplyTo)),
                ("$subject", message.Subject), ("$text", message.Text), ("$html", message.Html), ("$template", message.Template),
                ("$tags", JsonSerializer.Serialize([.. message.Tags], MailboxJsonContext.Default.ListMailboxTag)),
                ("$status", message.Status), ("$reason", message.StatusReason), ("$raw", message.Raw))!;
            foreach (var address in message.To.Concat(message.Cc).Concat(message.Bcc).Select(RecipientKey).Distinct(StringComparer.Ordinal))
            {
                connection.Execute("INSERT OR IGNORE INTO ses_recipients (address, sequence) VALUES ($address, $sequence)", ("$address", address), ("$sequence", sequence));
            }

            return sequence;
        });

    /// <summary>Messages after sequence <paramref name="after"/>, oldest first, optionally only those with
    /// <paramref name="recipient"/> among their To, Cc or Bcc addresses (case-insensitive).</summary>
    public MailboxPage ListMessages(string? recipient, long after, int limit) =>
        store.Read(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = MessageSelect + (recipient is null
                ? " WHERE m.sequence > $after ORDER BY m.sequence LIMIT $limit"
                : " JOIN ses_recipients r ON r.sequence = m.sequence WHERE r.address = $recipient AND m.sequence > $after ORDER BY m.sequence LIMIT $limit");
            command.Parameters.AddWithValue("$after", after);
            command.Parameters.AddWithValue("$limit", limit);
            if (recipient is not null)
            {
                command.Parameters.AddWithValue("$recipient", RecipientKey(recipient));
            }

            var messages = ReadMessages(command, withRaw: false);
            return new MailboxPage(messages, messages.Count > 0 ? messages[^1].Sequence : after);
        });

    public MailboxMessage? GetMessage(string id) =>
        store.Read(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = MessageSelect + " WHERE m.id = $id";
            command.Parameters.AddWithValue("$id", id);
            return ReadMessages(command, withRaw: true).FirstOrDefault();
        });

    public byte[]? GetRaw(string id) =>
        store.Read(connection => connection.Scalar("SELECT raw FROM ses_messages WHERE id = $id", ("$id", id)) as byte[]);

    public Task<int> ClearMessagesAsync() =>
        store.WriteAsync(connection =>
        {
            connection.Execute("DELETE FROM ses_recipients");
            return connection.Execute("DELETE FROM ses_messages");
        });

    public (long Identities, long Templates, long Messages) Counts() =>
        store.Read(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT (SELECT count(*) FROM ses_identities), (SELECT count(*) FROM ses_templates), (SELECT count(*) FROM ses_messages)";
            using var reader = command.ExecuteReader();
            reader.Read();
            return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
        });

    /// <summary>What the mailbox's <c>to</c> filter compares: the address part, in lower case.</summary>
    internal static string RecipientKey(string address) =>
        (EmailAddresses.TryParse(address, out var bare, out _) ? bare : address.Trim()).ToLowerInvariant();

    private const string IdentityColumns = "name, type, tags, configuration_set, created_at";
    private const string IdentitySelect = "SELECT " + IdentityColumns + " FROM ses_identities";
    private const string TemplateSelect = "SELECT name, subject, text_part, html_part, tags, created_at FROM ses_templates";
    private const string MessageSelect =
        "SELECT m.id, m.sequence, m.received_at, m.account_id, m.region, m.from_address, m.to_addresses, m.cc_addresses, m.bcc_addresses, m.reply_to, "
        + "m.subject, m.text_part, m.html_part, m.template, m.tags, m.status, m.status_reason, m.raw FROM ses_messages m";

    private static string Scope(ResourceScope scope) => $"{scope.AccountId}:{scope.Region}";

    private static long Count(SqliteConnection connection, string table, ResourceScope scope) =>
        (long)connection.Scalar($"SELECT count(*) FROM {table} WHERE scope = $scope", ("$scope", Scope(scope)))!;

    private static List<EmailIdentityRecord> ReadIdentities(SqliteCommand command)
    {
        var items = new List<EmailIdentityRecord>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            items.Add(ReadIdentity(reader, 0));
        }

        return items;
    }

    private static EmailIdentityRecord ReadIdentity(SqliteDataReader reader, int first) =>
        new(
            reader.GetString(first),
            Enum.Parse<IdentityType>(reader.GetString(first + 1)),
            ParseTags(reader.GetString(first + 2)),
            reader.IsDBNull(first + 3) ? null : reader.GetString(first + 3),
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(first + 4)));

    private static List<EmailTemplateRecord> ReadTemplates(SqliteCommand command)
    {
        var items = new List<EmailTemplateRecord>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            items.Add(new EmailTemplateRecord(
                reader.GetString(0),
                new TemplateContent(Nullable(reader, 1), Nullable(reader, 2), Nullable(reader, 3)),
                ParseTags(reader.GetString(4)),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5))));
        }

        return items;
    }

    private static List<MailboxMessage> ReadMessages(SqliteCommand command, bool withRaw)
    {
        var items = new List<MailboxMessage>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            items.Add(new MailboxMessage(
                reader.GetString(0),
                reader.GetInt64(1),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2)),
                reader.GetString(3),
                reader.GetString(4),
                reader.GetString(5),
                ParseList(reader.GetString(6)),
                ParseList(reader.GetString(7)),
                ParseList(reader.GetString(8)),
                ParseList(reader.GetString(9)),
                Nullable(reader, 10),
                Nullable(reader, 11),
                Nullable(reader, 12),
                Nullable(reader, 13),
                JsonSerializer.Deserialize(reader.GetString(14), MailboxJsonContext.Default.ListMailboxTag) ?? [],
                reader.GetString(15),
                Nullable(reader, 16),
                withRaw ? System.Text.Encoding.UTF8.GetString((byte[])reader.GetValue(17)) : null));
        }

        return items;
    }

    private static string? Nullable(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static string List(IReadOnlyList<string> items) => JsonSerializer.Serialize([.. items], SesJsonContext.Default.ListString);

    private static List<string> ParseList(string json) => JsonSerializer.Deserialize(json, SesJsonContext.Default.ListString) ?? [];

    private static string TagsJson(IReadOnlyList<KeyValuePair<string, string>> tags) =>
        JsonSerializer.Serialize([.. tags], SesJsonContext.Default.ListKeyValuePairStringString);

    private static List<KeyValuePair<string, string>> ParseTags(string json) =>
        JsonSerializer.Deserialize(json, SesJsonContext.Default.ListKeyValuePairStringString) ?? [];

    private static string Decode(string? token) =>
        string.IsNullOrEmpty(token) ? string.Empty : PageToken.TryDecode(token, out var key) ? key : throw SesErrors.InvalidNextToken();

    private static Page<T> Paginate<T>(List<T> rows, int limit, Func<T, string> key)
    {
        if (rows.Count <= limit)
        {
            return new Page<T>(rows, null);
        }

        rows.RemoveRange(limit, rows.Count - limit);
        return new Page<T>(rows, PageToken.Encode(key(rows[^1])));
    }
}
