using System.Text.Json;
using System.Text.Json.Serialization;

namespace BuildPeer.Cli.Configuration;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[JsonSerializable(typeof(ConfigFile))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
