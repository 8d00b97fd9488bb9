namespace BuildPeer.Cli.Output;

/// <summary>The command's exit codes (documented in the README's "Command line" section); the worst file wins.</summary>
internal static class ExitCodes
{
    /// <summary>Everything uploaded (and, when waiting, processed to COMPLETED).</summary>
    public const int Ok = 0;

    /// <summary>Something unexpected; the message says what.</summary>
    public const int Unexpected = 1;

    /// <summary>Bad arguments or settings: no such file, no gateway URL or token, an unknown option.</summary>
    public const int Usage = 2;

    /// <summary>The gateway refused: quota exceeded, file type not allowed, no access, no such upload.</summary>
    public const int Refused = 3;

    /// <summary>The network or storage kept failing after every retry; running the same command again resumes.</summary>
    public const int TransferFailed = 4;

    /// <summary>The bytes arrived but processing ended FAILED, QUARANTINED, EXPIRED or ABORTED.</summary>
    public const int NotCompleted = 5;

    /// <summary>Interrupted (Ctrl+C); running the same command again resumes.</summary>
    public const int Interrupted = 130;

    public static int Worst(int a, int b) => Rank(a) >= Rank(b) ? a : b;

    // Interrupted above everything, then the failures by how much they need a person.
    private static int Rank(int code) => code switch
    {
        Ok => 0,
        NotCompleted => 1,
        TransferFailed => 2,
        Refused => 3,
        Usage => 4,
        Unexpected => 5,
        _ => 6,
    };
}
