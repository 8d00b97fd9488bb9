using System.Globalization;
using System.Net;
using System.Text.Json;
using BuildPeer.Grains.Abstractions.Uploads;

namespace BuildPeer.Grains.Uploads.Intake;

/// <summary>
/// Reads the bodies S3 events arrive in: S3's own notification (<c>{"Records":[...]}</c>, keys URL-encoded),
/// EventBridge's "Object Created" event (keys as they are), and either of them wrapped in an SNS notification.
/// </summary>
public static class S3EventParser
{
    private const string ObjectCreatedPrefix = "ObjectCreated:";

    public static S3EventMessage Parse(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return Parse(document.RootElement, allowSnsWrapper: true);
        }
        catch (JsonException exception)
        {
            return S3EventMessage.Malformed($"The body is not JSON: {exception.Message}");
        }
        catch (FormatException exception)
        {
            return S3EventMessage.Malformed($"A field has the wrong format: {exception.Message}");
        }
        catch (InvalidOperationException exception)
        {
            return S3EventMessage.Malformed($"A field has the wrong type: {exception.Message}");
        }
        catch (KeyNotFoundException exception)
        {
            return S3EventMessage.Malformed($"A required field is missing: {exception.Message}");
        }
    }

    private static S3EventMessage Parse(JsonElement root, bool allowSnsWrapper)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return S3EventMessage.Malformed("The body is not a JSON object.");
        }

        if (root.TryGetProperty("Records", out var records))
        {
            return ParseS3Notification(records);
        }

        if (root.TryGetProperty("Event", out var testEvent) && testEvent.ValueKind == JsonValueKind.String
            && testEvent.GetString() == "s3:TestEvent")
        {
            return S3EventMessage.Test;
        }

        if (root.TryGetProperty("source", out var source) && source.ValueKind == JsonValueKind.String
            && source.GetString() == "aws.s3" && root.TryGetProperty("detail-type", out var detailType))
        {
            return ParseEventBridge(root, detailType.GetString());
        }

        if (allowSnsWrapper && root.TryGetProperty("Type", out var type) && type.GetString() == "Notification"
            && root.TryGetProperty("Message", out var message) && message.ValueKind == JsonValueKind.String)
        {
            using var inner = JsonDocument.Parse(message.GetString()!);
            return Parse(inner.RootElement, allowSnsWrapper: false);
        }

        return S3EventMessage.Malformed("The body is neither an S3 notification nor an EventBridge S3 event.");
    }

    private static S3EventMessage ParseS3Notification(JsonElement records)
    {
        if (records.ValueKind != JsonValueKind.Array)
        {
            return S3EventMessage.Malformed("'Records' is not an array.");
        }

        var created = new List<ObjectCreated>();
        foreach (var record in records.EnumerateArray())
        {
            var eventName = record.GetProperty("eventName").GetString() ?? string.Empty;
            if (!eventName.StartsWith(ObjectCreatedPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var s3 = record.GetProperty("s3");
            var s3Object = s3.GetProperty("object");
            created.Add(new ObjectCreated(
                Bucket: s3.GetProperty("bucket").GetProperty("name").GetString() ?? string.Empty,
                // S3 form-encodes keys in notifications: '+' is a space, '%xx' an escaped byte.
                Key: WebUtility.UrlDecode(s3Object.GetProperty("key").GetString() ?? string.Empty),
                Size: s3Object.TryGetProperty("size", out var size) ? size.GetInt64() : 0,
                ETag: s3Object.TryGetProperty("eTag", out var eTag) ? eTag.GetString() ?? string.Empty : string.Empty,
                EventTime: ParseTime(record.GetProperty("eventTime")),
                EventName: eventName,
                Sequencer: s3Object.TryGetProperty("sequencer", out var sequencer) ? sequencer.GetString() : null));
        }

        return created.Count > 0 ? S3EventMessage.Created(created) : S3EventMessage.Irrelevant;
    }

    private static S3EventMessage ParseEventBridge(JsonElement root, string? detailType)
    {
        if (detailType != "Object Created")
        {
            return S3EventMessage.Irrelevant;
        }

        var detail = root.GetProperty("detail");
        var s3Object = detail.GetProperty("object");
        var reason = detail.TryGetProperty("reason", out var reasonElement) ? reasonElement.GetString() : null;
        return S3EventMessage.Created([new ObjectCreated(
            Bucket: detail.GetProperty("bucket").GetProperty("name").GetString() ?? string.Empty,
            Key: s3Object.GetProperty("key").GetString() ?? string.Empty,
            Size: s3Object.TryGetProperty("size", out var size) ? size.GetInt64() : 0,
            ETag: s3Object.TryGetProperty("etag", out var eTag) ? eTag.GetString() ?? string.Empty : string.Empty,
            EventTime: ParseTime(root.GetProperty("time")),
            EventName: ObjectCreatedPrefix + (reason ?? "Unknown"),
            Sequencer: s3Object.TryGetProperty("sequencer", out var sequencer) ? sequencer.GetString() : null)]);
    }

    private static DateTimeOffset ParseTime(JsonElement element) =>
        DateTimeOffset.Parse(element.GetString() ?? string.Empty, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
