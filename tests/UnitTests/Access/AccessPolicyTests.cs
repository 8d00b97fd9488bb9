using BuildPeer.Grains.Abstractions.Access;
using BuildPeer.Grains.Abstractions.Errors;
using BuildPeer.Grains.Abstractions.Projects;
using static BuildPeer.Grains.Abstractions.Access.AccessAction;

namespace BuildPeer.UnitTests.Access;

/// <summary>
/// The whole access policy as one table: each kind of caller against each action on project tower-7 of tenant acme
/// and alice's upload in it. A cell is "ok" or the code of the refusal; project_not_found and upload_not_found
/// are answered as if the thing did not exist (404), every other code is a 403.
/// </summary>
public class AccessPolicyTests
{
    private const string Ok = "ok";
    private const string ProjectHidden = ErrorCodes.ProjectNotFound;
    private const string UploadHidden = ErrorCodes.UploadNotFound;
    private const string NotPermitted = ErrorCodes.NotPermitted;
    private const string NoUploads = ErrorCodes.UploadNotPermitted;
    private const string NotOwner = ErrorCodes.NotUploadOwner;

    /// <summary>Who calls: a principal and their role in tower-7 (alice started the upload).</summary>
    private static readonly Dictionary<string, (Principal Who, ProjectRole? Role)> Callers = new()
    {
        ["outsider"] = (new Principal("olga", "acme", IsTenantAdmin: false), null),
        ["viewer"] = (new Principal("vera", "acme", IsTenantAdmin: false), ProjectRole.Viewer),
        ["uploader"] = (new Principal("bob", "acme", IsTenantAdmin: false), ProjectRole.Uploader),
        ["owner"] = (new Principal("alice", "acme", IsTenantAdmin: false), ProjectRole.Uploader),
        ["manager"] = (new Principal("mona", "acme", IsTenantAdmin: false), ProjectRole.Manager),
        ["admin"] = (new Principal("boss", "acme", IsTenantAdmin: true), null),
        ["admin+uploader"] = (new Principal("boss", "acme", IsTenantAdmin: true), ProjectRole.Uploader),
        ["operator"] = (new Principal("ops", "acme", IsTenantAdmin: false, IsOperator: true), null),
        ["demoted owner"] = (new Principal("alice", "acme", IsTenantAdmin: false), ProjectRole.Viewer),
    };

    private static readonly string[] Columns =
        ["outsider", "viewer", "uploader", "owner", "manager", "admin", "admin+uploader", "operator", "demoted owner"];

    private static readonly (AccessAction Action, string[] Cells)[] Table =
    [
        //                    outsider       viewer        uploader      owner         manager       admin         admin+uploader operator      demoted owner
        (CreateProject,     [NotPermitted, NotPermitted, NotPermitted, NotPermitted, NotPermitted, Ok,           Ok,           NotPermitted, NotPermitted]),
        (ListEveryProject,  [NotPermitted, NotPermitted, NotPermitted, NotPermitted, NotPermitted, Ok,           Ok,           NotPermitted, NotPermitted]),
        (ViewProject,       [ProjectHidden, Ok,          Ok,           Ok,           Ok,           Ok,           Ok,           ProjectHidden, Ok]),
        (SeeMemberEmails,   [ProjectHidden, NotPermitted, NotPermitted, NotPermitted, Ok,          Ok,           Ok,           ProjectHidden, NotPermitted]),
        (Upload,            [ProjectHidden, NoUploads,   Ok,           Ok,           Ok,           NoUploads,    Ok,           ProjectHidden, NoUploads]),
        (ManageMembers,     [ProjectHidden, NotPermitted, NotPermitted, NotPermitted, Ok,          Ok,           Ok,           ProjectHidden, NotPermitted]),
        (SetLimits,         [ProjectHidden, NotPermitted, NotPermitted, NotPermitted, NotPermitted, Ok,          Ok,           ProjectHidden, NotPermitted]),
        (ViewUpload,        [UploadHidden, Ok,           Ok,           Ok,           Ok,           Ok,           Ok,           UploadHidden, Ok]),
        (ChangeUpload,      [UploadHidden, NotOwner,     NotOwner,     Ok,           Ok,           Ok,           Ok,           UploadHidden, NotOwner]),
        (Reprocess,         [NotPermitted, NotPermitted, NotPermitted, NotPermitted, NotPermitted, Ok,           Ok,           Ok,           NotPermitted]),
        (ViewOverview,      [NotPermitted, NotPermitted, NotPermitted, NotPermitted, NotPermitted, NotPermitted, NotPermitted, Ok,           NotPermitted]),
        (ManageDeadLetters, [NotPermitted, NotPermitted, NotPermitted, NotPermitted, NotPermitted, NotPermitted, NotPermitted, Ok,           NotPermitted]),
    ];

    /// <summary>The same when tower-7 does not exist (and so neither does the upload): nobody learns more.</summary>
    private static readonly (AccessAction Action, string[] Cells)[] MissingTable =
    [
        //                    outsider       admin          operator
        (CreateProject,     [NotPermitted, Ok,            NotPermitted]),
        (ListEveryProject,  [NotPermitted, Ok,            NotPermitted]),
        (ViewProject,       [ProjectHidden, ProjectHidden, ProjectHidden]),
        (SeeMemberEmails,   [ProjectHidden, ProjectHidden, ProjectHidden]),
        (Upload,            [ProjectHidden, ProjectHidden, ProjectHidden]),
        (ManageMembers,     [ProjectHidden, ProjectHidden, ProjectHidden]),
        (SetLimits,         [ProjectHidden, ProjectHidden, ProjectHidden]),
        (ViewUpload,        [UploadHidden, UploadHidden,  UploadHidden]),
        (ChangeUpload,      [UploadHidden, UploadHidden,  UploadHidden]),
        (Reprocess,         [NotPermitted, UploadHidden,  UploadHidden]),
        (ViewOverview,      [NotPermitted, NotPermitted,  Ok]),
        (ManageDeadLetters, [NotPermitted, NotPermitted,  Ok]),
    ];

    private static readonly string[] MissingColumns = ["outsider", "admin", "operator"];

    public static TheoryData<string, AccessAction, string> Existing() => Expand(Table, Columns);

    public static TheoryData<string, AccessAction, string> Missing() => Expand(MissingTable, MissingColumns);

    [Theory]
    [MemberData(nameof(Existing))]
    public void The_policy_answers_each_caller_and_action_as_the_table_says(string caller, AccessAction action, string expected)
    {
        var (who, role) = Callers[caller];
        var access = new ProjectAccess(role, ProjectLimits.Default, Exists: true);

        AssertDecision(expected, AccessPolicy.Decide(who, action, TargetOf(action, access, exists: true)));
    }

    [Theory]
    [MemberData(nameof(Missing))]
    public void Nothing_that_does_not_exist_is_told_apart_from_what_the_caller_may_not_see(
        string caller, AccessAction action, string expected)
    {
        var (who, _) = Callers[caller];

        AssertDecision(expected, AccessPolicy.Decide(who, action, TargetOf(action, ProjectAccess.None, exists: false)));
    }

    [Fact]
    public void Every_action_is_in_both_tables()
    {
        Assert.Equal(Enum.GetValues<AccessAction>(), Table.Select(row => row.Action));
        Assert.Equal(Enum.GetValues<AccessAction>(), MissingTable.Select(row => row.Action));
        Assert.All(Table, row => Assert.Equal(Columns.Length, row.Cells.Length));
        Assert.All(MissingTable, row => Assert.Equal(MissingColumns.Length, row.Cells.Length));
    }

    [Fact]
    public void A_tenant_admin_who_may_not_upload_is_told_how_to_become_a_member()
    {
        var admin = new Principal("boss", "acme", IsTenantAdmin: true);

        var decision = AccessPolicy.Decide(admin, Upload, AccessTarget.Project("tower-7", new ProjectAccess(null, null, Exists: true)));

        Assert.Equal(ErrorCodes.UploadNotPermitted, decision.Code);
        Assert.Contains("PUT /api/projects/tower-7/members/boss", decision.Detail, StringComparison.Ordinal);
        Assert.NotEqual(decision.Title, decision.Detail);
    }

    [Fact]
    public void A_viewer_who_may_not_upload_is_told_their_role_and_whom_to_ask()
    {
        var viewer = new Principal("vera", "acme", IsTenantAdmin: false);

        var decision = AccessPolicy.Decide(viewer, Upload,
            AccessTarget.Project("tower-7", new ProjectAccess(ProjectRole.Viewer, null, Exists: true)));

        Assert.Equal(ErrorCodes.UploadNotPermitted, decision.Code);
        Assert.Contains("VIEWER", decision.Detail, StringComparison.Ordinal);
        Assert.Contains("manager", decision.Detail, StringComparison.Ordinal);
    }

    private static AccessTarget TargetOf(AccessAction action, ProjectAccess access, bool exists) => action switch
    {
        CreateProject or ListEveryProject or ViewOverview or ManageDeadLetters => AccessTarget.Tenant,
        ViewUpload or ChangeUpload or Reprocess => exists ? AccessTarget.Upload("tower-7", access, "alice") : AccessTarget.NoUpload,
        _ => AccessTarget.Project("tower-7", access),
    };

    private static void AssertDecision(string expected, AccessDecision decision)
    {
        if (expected == Ok)
        {
            Assert.Equal(AccessOutcome.Allowed, decision.Outcome);
            Assert.Null(decision.Code);
            return;
        }

        var hidden = expected is ErrorCodes.ProjectNotFound or ErrorCodes.UploadNotFound;
        Assert.Equal(hidden ? AccessOutcome.Hidden : AccessOutcome.Refused, decision.Outcome);
        Assert.Equal(expected, decision.Code);
        Assert.False(string.IsNullOrWhiteSpace(decision.Title));
        if (hidden)
        {
            Assert.Null(decision.Detail);
        }
    }

    private static TheoryData<string, AccessAction, string> Expand((AccessAction Action, string[] Cells)[] table, string[] columns)
    {
        var data = new TheoryData<string, AccessAction, string>();
        foreach (var (action, cells) in table)
        {
            for (var column = 0; column < columns.Length; column++)
            {
                data.Add(columns[column], action, cells[column]);
            }
        }

        return data;
    }
}
