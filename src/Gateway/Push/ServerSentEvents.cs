using System.Text;

namespace BuildPeer.Gateway.Push;

/// <summary>
/// The text/event-stream framing (WHATWG HTML, "Server-sent events"): fields one per line, a blank line ends a
/// message, a line starting with a colon is a comment. Written by hand because the framework's formatter has no
/// comments, and the keep-alive is one.
/// </summary>
public static class ServerSentEvents
{
    public const string ContentType = "text/event-stream";

    /// <summary>One message. Every line of <paramref name="data"/> gets its own <c>data:</c> field, as the format requires.</summary>
    public static byte[] Message(string eventType, string id, string data)
    {
        RefuseLineBreaks(eventType, nameof(eventType));
        RefuseLineBreaks(id, nameof(id));
        var text = new StringBuilder()
            .Append("event: ").Append(eventType).Append('\n')
            .Append("id: ").Append(id).Append('\n');
        foreach (var line in data.ReplaceLineEndings("\n").Split('\n'))
        {
            text.Append("data: ").Append(line).Append('\n');
        }

        return Encoding.UTF8.GetBytes(text.Append('\n').ToString());
    }

    /// <summary>A comment, as a block of its own so that parsers splitting on blank lines skip it too.</summary>
    public static byte[] Comment(string text)
    {
        RefuseLineBreaks(text, nameof(text));
        return Encoding.UTF8.GetBytes($": {text}\n\n");
    }

    private static void RefuseLineBreaks(string value, string name)
    {
        if (value.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            throw new ArgumentException("A server-sent event field cannot span lines.", name);
        }
    }
}
