namespace BuildPeer.Grains.Abstractions.Projects;

/// <summary>What a member may do in a project. Stored by name in the database: never rename.</summary>
public enum ProjectRole
{
    /// <summary>Sees uploads.</summary>
    Viewer = 0,

    /// <summary>Sees and uploads.</summary>
    Uploader = 1,

    /// <summary>Sees, uploads, and manages members and limits.</summary>
    Manager = 2,
}
