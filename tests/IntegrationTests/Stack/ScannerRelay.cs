using System.Globalization;

namespace BuildPeer.IntegrationTests.Stack;

/// <summary>A <see cref="TcpRelay"/> in front of the stack's real clamd: takes "the scanner" away from a test's own silos.</summary>
public sealed class ScannerRelay(RelayMode mode) : TcpRelay(mode,
    () => (LocalStack.Get("Clamd__Host"), int.Parse(LocalStack.Get("Clamd__Port"), CultureInfo.InvariantCulture)));
