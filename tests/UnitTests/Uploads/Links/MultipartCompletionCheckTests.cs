using BuildPeer.Grains.Abstractions.Uploads;
using BuildPeer.Grains.Uploads.Links.Multipart;
using BuildPeer.Grains.Abstractions.Errors;

namespace BuildPeer.UnitTests.Uploads.Links;

public class MultipartCompletionCheckTests
{
    [Fact]
    public void A_complete_list_in_order_is_valid()
    {
        var check = MultipartCompletionCheck.Check(3, [new(1, "e1"), new(2, "e2"), new(3, "e3")]);

        Assert.True(check.IsValid);
        Assert.Null(check.Problem);
        Assert.Equal([new CompletedPart(1, "e1"), new CompletedPart(2, "e2"), new CompletedPart(3, "e3")], check.Parts);
    }

    [Fact]
    public void A_complete_list_out_of_order_is_valid_and_sorted_by_part_number()
    {
        var check = MultipartCompletionCheck.Check(3, [new(3, "e3"), new(1, "e1"), new(2, "e2")]);

        Assert.True(check.IsValid);
        Assert.Equal([1, 2, 3], check.Parts.Select(part => part.PartNumber));
    }

    [Fact]
    public void ETags_come_out_without_their_quotes()
    {
        var check = MultipartCompletionCheck.Check(2, [new(1, "\"0f343b0931126a20f133d67c2b018a3b\""), new(2, " \"abc\" ")]);

        Assert.Equal(["0f343b0931126a20f133d67c2b018a3b", "abc"], check.Parts.Select(part => part.ETag));
    }

    [Fact]
    public void A_missing_part_is_named()
    {
        var check = MultipartCompletionCheck.Check(3, [new(1, "e1"), new(3, "e3")]);

        Assert.False(check.IsValid);
        Assert.Equal(ErrorCodes.InvalidParts, check.Problem.Code);
        Assert.Equal([2], check.Problem.MissingPartNumbers);
        Assert.Equal("The completion must list parts 1 to 3 exactly once, each with its ETag: part 2 is missing.", check.Problem.Detail);
    }

    [Fact]
    public void An_invalid_list_gives_no_parts()
    {
        var check = MultipartCompletionCheck.Check(3, [new(1, "e1"), new(3, "e3")]);

        Assert.Empty(check.Parts);
    }

    [Fact]
    public void An_empty_list_misses_every_part()
    {
        var check = MultipartCompletionCheck.Check(3, []);

        Assert.False(check.IsValid);
        Assert.Equal([1, 2, 3], check.Problem.MissingPartNumbers);
        Assert.Equal("The completion must list parts 1 to 3 exactly once, each with its ETag: parts 1-3 are missing.", check.Problem.Detail);
    }

    [Fact]
    public void Part_numbers_outside_the_upload_are_unexpected()
    {
        var check = MultipartCompletionCheck.Check(2, [new(0, "e0"), new(1, "e1"), new(2, "e2"), new(3, "e3"), new(-4, "e")]);

        Assert.False(check.IsValid);
        Assert.Equal([-4, 0, 3], check.Problem.UnexpectedPartNumbers);
        Assert.Empty(check.Problem.MissingPartNumbers);
        Assert.Equal("The completion must list parts 1 to 2 exactly once, each with its ETag: parts -4, 0, 3 are not in this upload.",
            check.Problem.Detail);
    }

    [Fact]
    public void A_part_listed_twice_is_a_duplicate_even_with_the_same_ETag()
    {
        var check = MultipartCompletionCheck.Check(2, [new(1, "e1"), new(2, "e2"), new(1, "e1")]);

        Assert.False(check.IsValid);
        Assert.Equal([1], check.Problem.DuplicatePartNumbers);
        Assert.Equal("The completion must list parts 1 to 2 exactly once, each with its ETag: part 1 is listed more than once.",
            check.Problem.Detail);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\"\"")]
    public void A_part_without_an_ETag_is_named(string eTag)
    {
        var check = MultipartCompletionCheck.Check(2, [new(1, "e1"), new(2, eTag)]);

        Assert.False(check.IsValid);
        Assert.Equal([2], check.Problem.PartNumbersWithoutETag);
        Assert.Equal("The completion must list parts 1 to 2 exactly once, each with its ETag: part 2 is without an ETag.",
            check.Problem.Detail);
    }

    [Fact]
    public void A_part_with_a_null_ETag_is_named_rather_than_thrown_on()
    {
        var check = MultipartCompletionCheck.Check(1, [new(1, null!)]);

        Assert.Equal([1], check.Problem?.PartNumbersWithoutETag);
    }

    [Fact]
    public void Every_fault_is_reported_at_once()
    {
        var check = MultipartCompletionCheck.Check(5, [new(2, "e2"), new(2, "e2"), new(3, ""), new(9, "e9")]);

        Assert.False(check.IsValid);
        Assert.Equal([1, 4, 5], check.Problem.MissingPartNumbers);
        Assert.Equal([9], check.Problem.UnexpectedPartNumbers);
        Assert.Equal([2], check.Problem.DuplicatePartNumbers);
        Assert.Equal([3], check.Problem.PartNumbersWithoutETag);
        Assert.Equal(
            "The completion must list parts 1 to 5 exactly once, each with its ETag: parts 1, 4-5 are missing; "
            + "part 9 is not in this upload; part 2 is listed more than once; part 3 is without an ETag.",
            check.Problem.Detail);
    }

    [Fact]
    public void Thousands_of_missing_parts_are_described_as_ranges_but_listed_in_full()
    {
        var check = MultipartCompletionCheck.Check(10_000, [new(5000, "e")]);

        Assert.False(check.IsValid);
        Assert.Equal(9999, check.Problem.MissingPartNumbers.Count);
        Assert.Equal("The completion must list parts 1 to 10000 exactly once, each with its ETag: parts 1-4999, 5001-10000 are missing.",
            check.Problem.Detail);
    }

    [Fact]
    public void A_single_part_upload_is_described_in_the_singular()
    {
        var check = MultipartCompletionCheck.Check(1, []);

        Assert.Equal("The completion must list part 1 exactly once, each with its ETag: part 1 is missing.", check.Problem?.Detail);
    }
}
