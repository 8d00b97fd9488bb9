namespace BuildPeer.Grains.Projects;

/// <summary>Writes the <c>tenants</c>, <c>projects</c> and <c>project_members</c> tables. Only ProjectGrain calls it.</summary>
public interface IProjectRecordStore
{
    /// <summary>Brings the rows up to <paramref name="record"/>, unless they already reflect a newer state version.</summary>
    Task UpsertAsync(ProjectRecord record, CancellationToken cancellationToken = default);
}
