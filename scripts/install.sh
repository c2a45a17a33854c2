#!/usr/bin/env bash
# Publishes codex-helper and links it as `codex-helper` and the short `ch` into a bin directory.
#   scripts/install.sh                 # ~/.local/share/codex-helper + ~/.local/bin
#   PREFIX=/opt/codex-helper BIN_DIR=/usr/local/bin scripts/install.sh
#   AOT=1 scripts/install.sh           # a single native binary (needs clang/zlib for Native AOT)
set -euo pipefail
cd "$(dirname "$0")/.."

PREFIX="${PREFIX:-$HOME/.local/share/codex-helper}"
BIN_DIR="${BIN_DIR:-$HOME/.local/bin}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

args=(publish src/CodexHelper -c Release -o "$PREFIX")
if [[ "${AOT:-0}" == "1" ]]; then
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
