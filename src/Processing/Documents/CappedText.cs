using System.Text;

namespace BuildPeer.Processing.Documents;

/// <summary>Text gathered up to a size in UTF-8 bytes; what does not fit is dropped and <see cref="Full"/> says so.</summary>
internal sealed class CappedText(long maxBytes)
{
    private readonly StringBuilder _text = new();
    private long _bytes;

    /// <summary>Something was dropped: the cap was reached.</summary>
    public bool Full { get; private set; }

    public void Append(string piece)
    {
        if (Full)
        {
            return;
        }

        var size = Encoding.UTF8.GetByteCount(piece);
        if (_bytes + size <= maxBytes)
        {
            _text.Append(piece);
            _bytes += size;
            return;
        }

        // Keep the characters that fit, never half of a surrogate pair.
        var room = maxBytes - _bytes;
        var end = 0;
        while (end < piece.Length)
        {
            var step = char.IsHighSurrogate(piece[end]) && end + 1 < piece.Length ? 2 : 1;
            var cost = Encoding.UTF8.GetByteCount(piece.AsSpan(end, step));
            if (cost > room)
            {
                break;
            }

            room -= cost;
            end += step;
        }

        _text.Append(piece.AsSpan(0, end));
        _bytes = maxBytes - room;
        Full = true;
    }

    public override string ToString() => _text.ToString();
}
