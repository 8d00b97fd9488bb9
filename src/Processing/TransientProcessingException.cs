namespace BuildPeer.Processing;

/// <summary>A dependency failed (storage, scanner): the same attempt may succeed later, so the grain retries it.</summary>
public sealed class TransientProcessingException(string reason, Exception? inner = null) : Exception(reason, inner);
