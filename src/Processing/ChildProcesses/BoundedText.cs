using System.Text;

namespace BuildPeer.Processing.ChildProcesses;

/// <summary>Collects lines from a child's output up to a character limit; the rest is counted, not kept.</summary>
public sealed class BoundedText(int limit)
{
    private readonly StringBuilder _text = new();
    private readonly Lock _lock = new();
    private bool _truncated;

    // Output events arrive on thread-pool threads, possibly two streams at once.
    public void AppendLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lock)
        {
            var room = limit - _text.Length;
            if (room <= 0)
            {
                _truncated = true;
                return;
            }

            if (line.Length + 1 > room)
            {
                _text.Append(line.AsSpan(0, Math.Max(0, room - 1)));
                _truncated = true;
                return;
            }

            _text.Append(line).Append('\n');
        }
    }

    public override string ToString()
    {
        lock (_lock)
        {
            return _truncated ? _text + "…" : _text.ToString().TrimEnd('\n');
        }
    }
}
