using BuildPeer.Processing.Images;

namespace BuildPeer.UnitTests.Processing.Images;

public class VipsFailuresTests
{
    [Theory]
    [InlineData("glib: Error creating thread: Resource temporarily unavailable", true)]
    [InlineData("vips_malloc: out of memory --- size == 60MB", true)]
    [InlineData("VipsJpeg: Insufficient memory (case 4)", true)]
    [InlineData("VipsJpeg: Premature end of input file", false)]
    [InlineData("VipsForeignLoad: file is not in a known format", false)]
    public void A_limit_on_memory_or_threads_is_told_from_a_broken_file(string message, bool resourceLimit) =>
        Assert.Equal(resourceLimit, VipsFailures.IsResourceLimit(message));
}
