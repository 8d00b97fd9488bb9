namespace BuildPeer.UnitTests.Processing.Images;

/// <summary>A fact that is skipped, with the reason shown, when the shared sample folder is not there.</summary>
public sealed class SamplesFactAttribute : FactAttribute
{
    public SamplesFactAttribute()
    {
        if (!Samples.Available)
        {
            Skip = $"Sample files not found at {Samples.Root} (set BUILDPEER_SAMPLES to run these tests).";
        }
    }
}
