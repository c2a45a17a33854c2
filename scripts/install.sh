#!/usr/bin/env bash
# Publishes codex-helper and links it as `codex-helper` and the short `ch` into a bin directory.
#   scripts/install.sh                 # ~/.local/share/codex-helper + ~/.local/bin
#   PREFIX=/opt/codex-helper BIN_DIR=/usr/local/bin scripts/install.sh
#   AOT=1 / AOT=0 scripts/install.sh   # force the single native binary (Native AOT) / the JIT build
# By default the native binary is built when its tools (clang, zlib headers) are present: it starts in ~14 ms
# instead of ~120 ms and idles at ~23 MiB instead of ~58 MiB (docs/benchmarks.md).
set -euo pipefail
cd "$(dirname "$0")/.."

PREFIX="${PREFIX:-$HOME/.local/share/codex-helper}"
BIN_DIR="${BIN_DIR:-$HOME/.local/bin}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

aot="${AOT:-auto}"
if [[ "$aot" == "auto" ]]; then
  if command -v clang >/dev/null 2>&1 && [[ -f /usr/include/zlib.h ]]; then
    aot=1
  else
    aot=0
    echo "note: building the JIT version; for the faster native binary install clang and zlib1g-dev (apt-get install clang zlib1g-dev) and run again" >&2
  fi
fi

args=(publish src/CodexHelper -c Release -o "$PREFIX")
if [[ "$aot" == "1" ]]; then
  args+=(-p:PublishAot=true)
fi
dotnet "${args[@]}"

mkdir -p "$BIN_DIR"
ln -sf "$PREFIX/codex-helper" "$BIN_DIR/codex-helper"
ln -sf "$PREFIX/codex-helper" "$BIN_DIR/ch"

echo "installed: $BIN_DIR/codex-helper and $BIN_DIR/ch -> $PREFIX/codex-helper"
case ":$PATH:" in
  *":$BIN_DIR:"*) ;;
  *) echo "note: $BIN_DIR is not on your PATH; add it, e.g.: export PATH=\"$BIN_DIR:\$PATH\"" ;;
esac
