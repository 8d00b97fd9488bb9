using System.Text.Json;

namespace BuildPeer.Grains.Uploads.Notifications;

/// <summary>
/// Reads an upload notification as a subscriber's queue receives it: the body itself (raw delivery), or SNS's
/// envelope around it (<c>{"Type":"Notification","Message":"..."}</c>).
/// </summary>
public static class UploadNotificationParser
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    /// <summary>The notification, or null with <paramref name="problem"/> saying why the body is not one.</summary>
    public static UploadNotification? Parse(string body, out string? problem)
    {
        UploadNotification? notification;
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            notification = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("Type", out var type)
                && type.ValueKind == JsonValueKind.String && type.GetString() == "Notification"
                && root.TryGetProperty("Message", out var message) && message.ValueKind == JsonValueKind.String
                    ? JsonSerializer.Deserialize<UploadNotification>(message.GetString()!, JsonOptions)
                    : root.Deserialize<UploadNotification>(JsonOptions);
        }
        catch (JsonException exception)
        {
            problem = $"The body is not a notification's JSON: {exception.Message}";
            return null;
        }

        problem = MissingField(notification);
        return problem is null ? notification : null;
    }

    // The serializer leaves absent fields at their defaults; a notification needs all of these.
    private static string? MissingField(UploadNotification? notification) =>
        notification is null ? "The body is empty."
        : notification.UploadId == Guid.Empty ? "uploadId is missing."
        : string.IsNullOrEmpty(notification.TenantId) ? "tenantId is missing."
        : string.IsNullOrEmpty(notification.ProjectId) ? "projectId is missing."
        : string.IsNullOrEmpty(notification.Status) ? "status is missing."
        : string.IsNullOrEmpty(notification.NotificationId) ? "notificationId is missing."
        : null;
}
