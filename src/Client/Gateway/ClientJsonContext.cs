using System.Text.Json;
using System.Text.Json.Serialization;
using BuildPeer.Client.Gateway.Wire;

namespace BuildPeer.Client.Gateway;

/// <summary>Source-generated JSON for every wire type: no reflection, so the client trims and AOT-compiles.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(InitiateRequestWire))]
[JsonSerializable(typeof(InitiateResponseWire))]
[JsonSerializable(typeof(CompleteRequestWire))]
[JsonSerializable(typeof(PartUrlsRequestWire))]
[JsonSerializable(typeof(PartUrlsResponseWire))]
[JsonSerializable(typeof(UploadStatusWire))]
[JsonSerializable(typeof(UploadEventWire))]
[JsonSerializable(typeof(UploadDetailsWire))]
[JsonSerializable(typeof(ProjectUploadsWire))]
[JsonSerializable(typeof(ProblemWire))]
internal sealed partial class ClientJsonContext : JsonSerializerContext;
