using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using BuildPeer.Grains.Abstractions.Uploads;
using BuildPeer.Grains.Abstractions.Errors;

namespace BuildPeer.Grains.Uploads.Links.Multipart;

/// <summary>
/// A client's completion list checked against the upload's part count: either the parts in the ascending order S3
/// requires (ETags unquoted), or the problem to report. Checking first spares a round trip to S3 and names every
/// fault at once, where S3 names only the first.
/// </summary>
public sealed class MultipartCompletionCheck
{
    private MultipartCompletionCheck(IReadOnlyList<CompletedPart> parts, MultipartProblem? problem)
    {
        Parts = parts;
        Problem = problem;
    }

    /// <summary>The parts sorted by number; empty when the list is not valid.</summary>
    public IReadOnlyList<CompletedPart> Parts { get; }

    public MultipartProblem? Problem { get; }

    [MemberNotNullWhen(false, nameof(Problem))]
    public bool IsValid => Problem is null;

    /// <summary>
    /// Every part number 1..<paramref name="partCount"/> exactly once, each with a non-empty ETag, in any order.
    /// Never throws on what the client sent.
    /// </summary>
    public static MultipartCompletionCheck Check(int partCount, IEnumerable<CompletedPart> parts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partCount, 1);
        ArgumentNullException.ThrowIfNull(parts);

        var byNumber = new SortedDictionary<int, CompletedPart>();
        var duplicates = new SortedSet<int>();
        var unexpected = new SortedSet<int>();
        var withoutETag = new SortedSet<int>();
        foreach (var part in parts)
        {
            if (part.PartNumber < 1 || part.PartNumber > partCount)
            {
                unexpected.Add(part.PartNumber);
                continue;
            }

            var eTag = ETags.Unquote(part.ETag);
            if (eTag.Length == 0)
            {
                withoutETag.Add(part.PartNumber);
            }

            if (!byNumber.TryAdd(part.PartNumber, part with { ETag = eTag }))
            {
                duplicates.Add(part.PartNumber);
            }
        }

        var missing = Enumerable.Range(1, partCount).Where(number => !byNumber.ContainsKey(number)).ToList();
        if (missing.Count == 0 && unexpected.Count == 0 && duplicates.Count == 0 && withoutETag.Count == 0)
        {
            return new MultipartCompletionCheck([.. byNumber.Values], null);
        }

        return new MultipartCompletionCheck([], new MultipartProblem(
            ErrorCodes.InvalidParts, Describe(partCount, missing, unexpected, duplicates, withoutETag))
        {
            MissingPartNumbers = missing,
            UnexpectedPartNumbers = [.. unexpected],
            DuplicatePartNumbers = [.. duplicates],
            PartNumbersWithoutETag = [.. withoutETag],
        });
    }

    private static string Describe(
        int partCount,
        List<int> missing,
        SortedSet<int> unexpected,
        SortedSet<int> duplicates,
        SortedSet<int> withoutETag)
    {
        var faults = new List<string>();
        if (missing.Count > 0)
        {
            faults.Add($"{Subject(missing)} missing");
        }

        if (unexpected.Count > 0)
        {
            faults.Add($"{Subject(unexpected)} not in this upload");
        }

        if (duplicates.Count > 0)
        {
            faults.Add($"{Subject(duplicates)} listed more than once");
        }

        if (withoutETag.Count > 0)
        {
            faults.Add($"{Subject(withoutETag)} without an ETag");
        }

        var expected = partCount == 1 ? "part 1" : string.Create(CultureInfo.InvariantCulture, $"parts 1 to {partCount}");
        return $"The completion must list {expected} exactly once, each with its ETag: {string.Join("; ", faults)}.";

        static string Subject(IReadOnlyCollection<int> numbers) =>
            numbers.Count == 1 ? $"part {Ranges(numbers)} is" : $"parts {Ranges(numbers)} are";
    }

    /// <summary>"2-5, 9": a client that skipped thousands of parts gets a short message (the lists stay complete).</summary>
    private static string Ranges(IEnumerable<int> sortedNumbers)
    {
        var text = new StringBuilder();
        int? start = null;
        var previous = 0;
        foreach (var number in sortedNumbers)
        {
            if (start is not null && number == previous + 1)
            {
                previous = number;
                continue;
            }

            Append(start, previous);
            start = number;
            previous = number;
        }

        Append(start, previous);
        return text.ToString();

        void Append(int? from, int to)
        {
            if (from is null)
            {
                return;
            }

            if (text.Length > 0)
            {
                text.Append(", ");
            }

            text.Append(CultureInfo.InvariantCulture, $"{from}");
            if (to != from)
            {
                text.Append(CultureInfo.InvariantCulture, $"-{to}");
            }
        }
    }
}
