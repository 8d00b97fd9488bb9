using System.ComponentModel.DataAnnotations;
using BuildPeer.Grains.MobilePush;

namespace BuildPeer.UnitTests.MobilePush;

public class MobilePushOptionsTests
{
    [Fact]
    public void Off_by_default_it_needs_nothing_and_reads_the_upload_push_queue_of_fcm()
    {
        var options = new MobilePushOptions();

        Assert.Empty(Errors(options));
        Assert.False(options.Enabled);
        Assert.Equal("upload-push", options.QueueName);
        Assert.Equal(new Uri("https://fcm.googleapis.com/"), options.Endpoint);
    }

    [Fact]
    public void Enabled_it_needs_the_firebase_project_and_the_service_account_key()
    {
        var errors = Errors(new MobilePushOptions { Enabled = true });

        Assert.Contains(errors, error => error.Contains("MobilePush:ProjectId", StringComparison.Ordinal));
        Assert.Contains(errors, error => error.Contains("MobilePush:CredentialsFile", StringComparison.Ordinal));
        Assert.Empty(Errors(new MobilePushOptions { Enabled = true, ProjectId = "buildpeer-prod", CredentialsFile = "/var/run/secrets/fcm/key.json" }));
    }

    [Theory]
    [InlineData("buildpeer/../other")]
    [InlineData("my project")]
    public void A_project_id_that_would_change_the_send_path_is_refused(string projectId)
    {
        var errors = Errors(new MobilePushOptions { Enabled = true, ProjectId = projectId, CredentialsFile = "key.json" });

        Assert.Contains(errors, error => error.Contains("MobilePush:ProjectId", StringComparison.Ordinal));
    }

    [Fact]
    public void Retry_limits_are_bounded()
    {
        var errors = Errors(new MobilePushOptions { MaxAttempts = 0, MaxRetryDelay = TimeSpan.FromHours(1), MaxInFlight = 0 });

        Assert.Contains("MobilePush:MaxAttempts must be between 1 and 10.", errors);
        Assert.Contains("MobilePush:MaxRetryDelay must be between 1 second and 5 minutes.", errors);
        Assert.Contains("MobilePush:MaxInFlight must be between 1 and 100.", errors);
    }

    private static List<string> Errors(MobilePushOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return [.. results.Select(result => result.ErrorMessage!)];
    }
}
