using Tomlyn.Model;
using Tomlyn.Serialization;

namespace CodexHelper.Diagnostics;

/// <summary>Source-generated TOML reading into the generic model (AOT-safe), for read-only probes.</summary>
[TomlSerializable(typeof(TomlTable))]
internal sealed partial class ClientTomlContext : TomlSerializerContext;
