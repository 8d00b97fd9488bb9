namespace BuildPeer.Grains.Uploads.Links.Multipart;

/// <summary>
/// How a file of a declared size is cut into the parts of an S3 multipart upload: equal parts of
/// <see cref="PartSize"/>, the last one the remainder. Pure and deterministic, so the grain can rebuild the same plan
/// from the size and the part size it stored: a plan made from its own <see cref="PartSize"/> is the same plan, even
/// if the configured part size has changed since.
/// </summary>
public sealed class MultipartPlan
{
    public const long MiB = 1024L * 1024;

    /// <summary>S3 refuses to complete an upload whose parts, all but the last, are smaller than this.</summary>
    public const long MinPartSize = 5 * MiB;

    public const long MaxPartSize = 5L * 1024 * MiB;

    public const int MaxParts = 10_000;

    /// <summary>The most that <see cref="MaxParts"/> parts of <see cref="MaxPartSize"/> can hold.</summary>
    public const long MaxSize = MaxParts * MaxPartSize;

    private MultipartPlan(long size, long partSize)
    {
        Size = size;
        PartSize = partSize;
        PartCount = (int)CeilingDivide(size, partSize);
    }

    public long Size { get; }

    /// <summary>The size of every part but the last: the configured size, or larger when that needed too many parts.</summary>
    public long PartSize { get; }

    public int PartCount { get; }

    public long LastPartSize => Size - ((PartCount - 1) * PartSize);

    /// <summary>The part numbers, 1 to <see cref="PartCount"/>: the URLs to sign for a fresh upload.</summary>
    public IEnumerable<int> PartNumbers => Enumerable.Range(1, PartCount);

    public IEnumerable<PlannedPart> Parts => PartNumbers.Select(Part);

    /// <summary>
    /// Plans <paramref name="size"/> bytes in parts of <paramref name="partSize"/>; if that would take more than
    /// <see cref="MaxParts"/> parts, in the smallest whole number of MiB that fits. Out-of-range arguments are
    /// configuration or caller errors, so they throw.
    /// </summary>
    public static MultipartPlan For(long size, long partSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, MaxSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(partSize, MinPartSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(partSize, MaxPartSize);

        if (CeilingDivide(size, partSize) > MaxParts)
        {
            // Never above MaxPartSize: size <= MaxParts * MaxPartSize, and MaxPartSize is a whole number of MiB.
            partSize = CeilingDivide(CeilingDivide(size, MaxParts), MiB) * MiB;
        }

        return new MultipartPlan(size, partSize);
    }

    public PlannedPart Part(int partNumber)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partNumber, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(partNumber, PartCount);

        return new PlannedPart(partNumber, (partNumber - 1) * PartSize, partNumber == PartCount ? LastPartSize : PartSize);
    }

    private static long CeilingDivide(long dividend, long divisor) => (dividend + divisor - 1) / divisor;
}
