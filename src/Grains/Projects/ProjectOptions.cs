using System.ComponentModel.DataAnnotations;

namespace BuildPeer.Grains.Projects;

/// <summary>The "Projects" section.</summary>
public sealed class ProjectOptions
{
    public const string SectionName = "Projects";

    /// <summary>
    /// How often a project with uploads in flight checks that each reservation still has a live upload behind it,
    /// so a crash between reserving and creating an upload cannot hold quota forever.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Projects:ReconcilePeriod must be between 1 second and 1 day.")]
    public TimeSpan ReconcilePeriod { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>A reservation younger than this is never questioned: its upload may still be being created.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00", ErrorMessage = "Projects:ReservationGracePeriod must be between 0 and 7 days.")]
    public TimeSpan ReservationGracePeriod { get; set; } = TimeSpan.FromMinutes(5);
}
