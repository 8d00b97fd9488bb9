using System.Security.Cryptography;
using BuildPeer.Processing.Content;

namespace BuildPeer.UnitTests.Processing.Content;

public class TeeReadStreamTests
{
    private static readonly byte[] Content = Enumerable.Range(0, 10_000).Select(i => (byte)(i * 31 % 251)).ToArray();

    [Fact]
    public async Task Reading_to_the_end_copies_hashes_and_counts_every_byte()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var copy = new MemoryStream();
        using var tee = new TeeReadStream(new MemoryStream(Content), copy, hash, headLength: 64);

        await tee.CopyToAsync(Stream.Null, bufferSize: 777);

        Assert.Equal(Content, copy.ToArray());
        Assert.Equal(SHA256.HashData(Content), hash.GetHashAndReset());
        Assert.Equal(Content.Length, tee.BytesRead);
        Assert.Equal(Content[..64], tee.Head.ToArray());
        Assert.True(tee.ReachedEnd);
    }

    [Fact]
    public void Synchronous_reads_observe_the_bytes_too()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var copy = new MemoryStream();
        using var tee = new TeeReadStream(new MemoryStream(Content), copy, hash, headLength: 64);

        tee.CopyTo(Stream.Null, bufferSize: 10);

        Assert.Equal(Content, copy.ToArray());
        Assert.Equal(SHA256.HashData(Content), hash.GetHashAndReset());
        Assert.True(tee.ReachedEnd);
    }

    [Fact]
    public async Task The_head_is_assembled_across_small_reads()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var tee = new TeeReadStream(new MemoryStream(Content), Stream.Null, hash, headLength: 64);
        var buffer = new byte[5];

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(5, await tee.ReadAsync(buffer));
        }

        Assert.Equal(Content[..64], tee.Head.ToArray());
        Assert.Equal(100, tee.BytesRead);
    }

    [Fact]
    public async Task Content_shorter_than_the_head_gives_a_short_head()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var tee = new TeeReadStream(new MemoryStream(Content[..10]), Stream.Null, hash, headLength: 64);

        await tee.CopyToAsync(Stream.Null);

        Assert.Equal(Content[..10], tee.Head.ToArray());
    }

    [Fact]
    public async Task A_reader_that_stops_early_leaves_the_end_unreached()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var copy = new MemoryStream();
        using var tee = new TeeReadStream(new MemoryStream(Content), copy, hash, headLength: 64);

        await tee.ReadExactlyAsync(new byte[4000]);

        Assert.False(tee.ReachedEnd);
        Assert.Equal(4000, tee.BytesRead);
        Assert.Equal(Content[..4000], copy.ToArray());
    }

    [Fact]
    public async Task A_zero_length_read_is_not_the_end()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var tee = new TeeReadStream(new MemoryStream(Content), Stream.Null, hash, headLength: 64);

        Assert.Equal(0, await tee.ReadAsync(Memory<byte>.Empty));

        Assert.False(tee.ReachedEnd);
    }

    [Fact]
    public async Task Disposing_the_tee_leaves_the_source_and_the_copy_open()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var source = new MemoryStream(Content);
        using var copy = new MemoryStream();

        await using (var tee = new TeeReadStream(source, copy, hash, headLength: 64))
        {
            await tee.ReadExactlyAsync(new byte[10]);
        }

        Assert.True(source.CanRead);
        Assert.True(copy.CanWrite);
    }
}
