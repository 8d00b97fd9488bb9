using BuildPeer.Grains.Uploads.Links.Multipart;

namespace BuildPeer.UnitTests.Uploads.Links;

public class MultipartPlanTests
{
    private const long MiB = 1024L * 1024;
    private const long GiB = 1024 * MiB;

    [Fact]
    public void A_12_MiB_file_in_5_MiB_parts_has_two_full_parts_and_a_2_MiB_last_part()
    {
        var plan = MultipartPlan.For(12 * MiB, 5 * MiB);

        Assert.Equal(3, plan.PartCount);
        Assert.Equal(5 * MiB, plan.PartSize);
        Assert.Equal(
            [new PlannedPart(1, 0, 5 * MiB), new PlannedPart(2, 5 * MiB, 5 * MiB), new PlannedPart(3, 10 * MiB, 2 * MiB)],
            plan.Parts);
    }

    [Fact]
    public void A_size_that_is_a_whole_number_of_parts_ends_with_a_full_part()
    {
        var plan = MultipartPlan.For(15 * MiB, 5 * MiB);

        Assert.Equal(3, plan.PartCount);
        Assert.Equal(5 * MiB, plan.LastPartSize);
    }

    [Fact]
    public void One_byte_over_a_whole_number_of_parts_adds_a_one_byte_part()
    {
        var plan = MultipartPlan.For((10 * MiB) + 1, 5 * MiB);

        Assert.Equal(3, plan.PartCount);
        Assert.Equal(new PlannedPart(3, 10 * MiB, 1), plan.Part(3));
    }

    [Fact]
    public void A_file_no_larger_than_one_part_is_a_single_part()
    {
        var plan = MultipartPlan.For(3 * MiB, 5 * MiB);

        Assert.Equal([new PlannedPart(1, 0, 3 * MiB)], plan.Parts);
    }

    [Fact]
    public void The_part_numbers_run_from_1_to_the_part_count()
    {
        Assert.Equal([1, 2, 3, 4], MultipartPlan.For(16 * MiB, 5 * MiB).PartNumbers);
    }

    [Fact]
    public void Exactly_10000_parts_of_the_configured_size_keep_that_size()
    {
        var plan = MultipartPlan.For(10_000 * 5 * MiB, 5 * MiB);

        Assert.Equal(10_000, plan.PartCount);
        Assert.Equal(5 * MiB, plan.PartSize);
    }

    [Fact]
    public void A_file_that_would_need_more_than_10000_parts_gets_the_smallest_whole_MiB_part_size_that_fits()
    {
        // 10,000 parts of 5 MiB fall one byte short; 5 MiB + 1 byte per part is rounded up to 6 MiB.
        var plan = MultipartPlan.For((10_000 * 5 * MiB) + 1, 5 * MiB);

        Assert.Equal(6 * MiB, plan.PartSize);
        Assert.Equal(8334, plan.PartCount);
        Assert.Equal((10_000 * 5 * MiB) + 1 - (8333 * 6 * MiB), plan.LastPartSize);
    }

    [Fact]
    public void A_grown_part_size_is_a_whole_number_of_MiB_even_when_the_configured_one_is_not()
    {
        var plan = MultipartPlan.For(200 * GiB, (5 * MiB) + 1);

        Assert.Equal(21 * MiB, plan.PartSize);
        Assert.Equal(9753, plan.PartCount);
    }

    [Fact]
    public void The_largest_size_fits_in_10000_parts_of_5_GiB()
    {
        var plan = MultipartPlan.For(MultipartPlan.MaxSize, 5 * MiB);

        Assert.Equal(5 * GiB, plan.PartSize);
        Assert.Equal(10_000, plan.PartCount);
        Assert.Equal(5 * GiB, plan.LastPartSize);
    }

    [Fact]
    public void A_plan_made_again_from_its_own_part_size_is_the_same_plan()
    {
        var original = MultipartPlan.For(80 * GiB, 5 * MiB);

        var rebuilt = MultipartPlan.For(80 * GiB, original.PartSize);

        Assert.Equal(original.Parts, rebuilt.Parts);
    }

    [Fact]
    public void A_configured_part_size_above_5_MiB_is_kept()
    {
        var plan = MultipartPlan.For(100 * MiB, 8 * MiB);

        Assert.Equal(8 * MiB, plan.PartSize);
        Assert.Equal(13, plan.PartCount);
        Assert.Equal(4 * MiB, plan.LastPartSize);
    }

    [Theory]
    [InlineData((5 * MiB) - 1)]
    [InlineData((5 * GiB) + 1)]
    public void A_part_size_outside_S3_limits_is_refused(long partSize)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => MultipartPlan.For(100 * MiB, partSize));

        Assert.Equal("partSize", exception.ParamName);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(MultipartPlan.MaxSize + 1)]
    public void A_size_that_cannot_be_uploaded_in_parts_is_refused(long size)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => MultipartPlan.For(size, 5 * MiB));

        Assert.Equal("size", exception.ParamName);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    public void Asking_for_a_part_outside_the_plan_is_refused(int partNumber)
    {
        var plan = MultipartPlan.For(12 * MiB, 5 * MiB);

        Assert.Throws<ArgumentOutOfRangeException>(() => plan.Part(partNumber));
    }
}
