using System.Buffers;
using System.Globalization;
using System.Text;

namespace BuildPeer.Grains.Uploads.Initiation.Validation;

/// <summary>
/// Characters a file name may not hold, because they stop or split what carries it (NUL ends PostgreSQL text,
/// CR/LF split headers, logs and CSV lines), or make it display as something it is not (bidirectional overrides
/// turn <c>gpj.exe</c> into <c>exe.jpg</c> on screen; invisible characters make two names look alike).
/// Joiners (ZWJ, ZWNJ) stay allowed: emoji sequences and several scripts need them.
/// </summary>
public static class FileNameCharacters
{
    /// <summary>The first forbidden character of <paramref name="name"/> and its UTF-16 index, or null if none.</summary>
    public static (int Index, string CodePoint)? FindForbidden(string name)
    {
        var index = 0;
        while (index < name.Length)
        {
            if (Rune.DecodeFromUtf16(name.AsSpan(index), out var rune, out var consumed) != OperationStatus.Done)
            {
                // A lone surrogate: no character at all, and invalid in UTF-8 storage.
                return (index, $"U+{(int)name[index]:X4}");
            }

            if (IsForbidden(rune))
            {
                return (index, $"U+{rune.Value:X4}");
            }

            index += consumed;
        }

        return null;
    }

    public static bool IsForbidden(Rune rune) => rune.Value switch
    {
        <= 0x1F or 0x7F => true,                 // C0 controls (NUL, TAB, CR, LF, BEL ...) and DEL
        >= 0x80 and <= 0x9F => true,             // C1 controls
        0x061C or 0x200E or 0x200F => true,      // bidirectional marks (ALM, LRM, RLM)
        >= 0x202A and <= 0x202E => true,         // bidirectional embeddings and overrides
        >= 0x2066 and <= 0x2069 => true,         // bidirectional isolates
        0x200B or 0x2060 or 0xFEFF => true,      // invisible spaces and joiners that join nothing
        0x2028 or 0x2029 => true,                // line and paragraph separators
        >= 0xFFF9 and <= 0xFFFB => true,         // interlinear annotation controls
        _ => Rune.GetUnicodeCategory(rune) == UnicodeCategory.OtherNotAssigned && IsNoncharacter(rune.Value),
    };

    private static bool IsNoncharacter(int value) => (value & 0xFFFE) == 0xFFFE || value is >= 0xFDD0 and <= 0xFDEF;
}
