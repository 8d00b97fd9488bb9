using System.Text.Json;
using System.Text.Json.Serialization;

namespace BuildPeer.Client.Resume;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(UploadStateDocument))]
internal sealed partial class ResumeJsonContext : JsonSerializerContext;
