using System.Globalization;
using System.Net;
using System.Text;
using BuildPeer.Grains.Abstractions.Digests;
using BuildPeer.Grains.Abstractions.Uploads;
using MimeKit;

namespace BuildPeer.Grains.Digests;

/// <summary>
/// Writes one digest email: a summary subject, then per project the uploads that finished, problems first, as plain
/// text with a simple HTML alternative. Everything comes from the frozen <see cref="DigestBatch"/>, so a resend is
/// the same message under the same Message-ID.
/// </summary>
public static class DigestComposer
{
    /// <summary>Uploads listed by name per project; the rest are counted (an email is no place for thousands of lines).</summary>
    public const int MaxListedPerProject = 200;

    public static MimeMessage Compose(DigestBatch batch, string userId, MailboxAddress from)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(from);
        var projects = Group(batch.Items);
        var message = new MimeMessage
        {
            MessageId = MessageIdFor(batch.DigestId, from),
            Date = batch.FrozenAt,
            Subject = Subject(batch.Items, projects),
        };
        message.From.Add(from);
        message.To.Add(MailboxAddress.Parse(batch.Address));
        // RFC 3834: a machine wrote this; auto-responders must not answer it.
        message.Headers.Add("Auto-Submitted", "auto-generated");
        message.Body = new BodyBuilder { TextBody = Text(userId, batch.Items.Count, projects), HtmlBody = Html(userId, batch.Items.Count, projects) }
            .ToMessageBody();
        return message;
    }

    /// <summary>The Message-ID of a digest: a function of its id alone, so a receiver can drop a resent copy.</summary>
    public static string MessageIdFor(Guid digestId, MailboxAddress from)
    {
        ArgumentNullException.ThrowIfNull(from);
        return $"digest.{digestId:N}@{from.Domain}";
    }

    /// <summary>"BuildPeer: 12 uploads finished in Tower 7 (1 failed)".</summary>
    public static string Subject(IReadOnlyCollection<DigestItem> items, IReadOnlyList<ProjectGroup> projects)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(projects);
        var where = projects.Count == 1 ? projects[0].Name : $"{projects.Count} projects";
        var problems = new List<string>();
        var failed = items.Count(item => item.Status == UploadStatus.Failed);
        var quarantined = items.Count(item => item.Status == UploadStatus.Quarantined);
        if (failed > 0)
        {
            problems.Add($"{failed} failed");
        }

        if (quarantined > 0)
        {
            problems.Add($"{quarantined} quarantined");
        }

        var noun = items.Count == 1 ? "upload" : "uploads";
        var tail = problems.Count > 0 ? $" ({string.Join(", ", problems)})" : string.Empty;
        return string.Create(CultureInfo.InvariantCulture, $"BuildPeer: {items.Count} {noun} finished in {where}{tail}");
    }

    /// <summary>Items by project (by name), each project's problems first, then by when they finished.</summary>
    public static IReadOnlyList<ProjectGroup> Group(IEnumerable<DigestItem> items) =>
        [.. items.GroupBy(item => item.ProjectId, StringComparer.Ordinal)
            .Select(group => new ProjectGroup(group.Last().ProjectName,
                [.. group.OrderBy(item => Rank(item.Status)).ThenBy(item => item.OccurredAt)]))
            .OrderBy(group => group.Name, StringComparer.OrdinalIgnoreCase)];

    private static int Rank(UploadStatus status) => status switch
    {
        UploadStatus.Quarantined => 0,
        UploadStatus.Failed => 1,
        _ => 2,
    };

    private static string Text(string userId, int count, IReadOnlyList<ProjectGroup> projects)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Hello {userId},\n\n");
        text.Append(CultureInfo.InvariantCulture, $"{Finished(count)} since your last digest.\n");
        foreach (var project in projects)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n{project.Name}\n");
            foreach (var item in project.Items.Take(MaxListedPerProject))
            {
                text.Append(CultureInfo.InvariantCulture, $"  {item.Status.ToWireName(),-12} {item.FileName}");
                foreach (var detail in Details(item, userId))
                {
                    text.Append(" - ").Append(detail);
                }

                text.Append('\n');
            }

            if (project.Items.Count > MaxListedPerProject)
            {
                text.Append(CultureInfo.InvariantCulture, $"  ... and {project.Items.Count - MaxListedPerProject} more\n");
            }
        }

        text.Append("\nBuildPeer\n");
        return text.ToString();
    }

    private static string Html(string userId, int count, IReadOnlyList<ProjectGroup> projects)
    {
        static string E(string value) => WebUtility.HtmlEncode(value);
        var html = new StringBuilder("<!DOCTYPE html>\n<html><body style=\"font-family: sans-serif\">\n");
        html.Append(CultureInfo.InvariantCulture, $"<p>Hello {E(userId)},</p>\n<p>{E(Finished(count))} since your last digest.</p>\n");
        foreach (var project in projects)
        {
            html.Append(CultureInfo.InvariantCulture, $"<h3>{E(project.Name)}</h3>\n<table cellpadding=\"4\">\n");
            html.Append("<tr><th align=\"left\">File</th><th align=\"left\">Status</th><th align=\"left\">Details</th></tr>\n");
            foreach (var item in project.Items.Take(MaxListedPerProject))
            {
                html.Append(CultureInfo.InvariantCulture,
                    $"<tr><td>{E(item.FileName)}</td><td>{E(item.Status.ToWireName())}</td><td>{E(string.Join(", ", Details(item, userId)))}</td></tr>\n");
            }

            html.Append("</table>\n");
            if (project.Items.Count > MaxListedPerProject)
            {
                html.Append(CultureInfo.InvariantCulture, $"<p>... and {project.Items.Count - MaxListedPerProject} more</p>\n");
            }
        }

        html.Append("<p>BuildPeer</p>\n</body></html>\n");
        return html.ToString();
    }

    private static IEnumerable<string> Details(DigestItem item, string userId)
    {
        if (item.ErrorCode is { Length: > 0 } code && item.Status != UploadStatus.Completed)
        {
            yield return code;
        }

        if (item.UploadedBy != userId)
        {
            yield return $"uploaded by {item.UploadedBy}";
        }
    }

    private static string Finished(int count) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {(count == 1 ? "upload" : "uploads")} finished");
}

/// <summary>One project's part of a digest.</summary>
public sealed record ProjectGroup(string Name, IReadOnlyList<DigestItem> Items);
