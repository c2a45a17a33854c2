#!/usr/bin/env bash
# Publishes codex-helper and links it as `codex-helper` and the short `ch` into a bin directory.
#   scripts/install.sh                 # ~/.local/share/codex-helper + ~/.local/bin
#   PREFIX=/opt/codex-helper BIN_DIR=/usr/local/bin scripts/install.sh
#   AOT=1 / AOT=0 scripts/install.sh   # force the single native binary (Native AOT) / the JIT build
#   FROM=DIR scripts/install.sh        # install an existing publish folder (or an unpacked release archive) instead of building
# By default the native binary is built when its tools (clang, zlib headers) are present: it starts in ~10 ms
# instead of ~70 ms and idles at ~22 MiB instead of ~58 MiB (docs/benchmarks.md).
# Only what the program needs to run is copied (no debug symbols, no build manifests), and every path installed is
# listed in PREFIX/install-manifest.txt, which scripts/uninstall.sh reads to remove exactly those again.
set -euo pipefail
cd "$(dirname "$0")/.."

PREFIX="${PREFIX:-$HOME/.local/share/codex-helper}"
BIN_DIR="${BIN_DIR:-$HOME/.local/bin}"
MANIFEST="$PREFIX/install-manifest.txt"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

stage="${FROM:-}"
if [[ -z "$stage" ]]; then
  aot="${AOT:-auto}"
  if [[ "$aot" == "auto" ]]; then
    if command -v clang >/dev/null 2>&1 && [[ -f /usr/include/zlib.h ]]; then
      aot=1
    else
      aot=0
      echo "note: building the JIT version; for the faster native binary install clang and zlib1g-dev (apt-get install clang zlib1g-dev) and run again" >&2
    fi
  fi
  stage=$(mktemp -d)
  trap 'rm -rf "$stage"' EXIT
  args=(publish src/CodexHelper -c Release -o "$stage")
  if [[ "$aot" == "1" ]]; then
    args+=(-p:PublishAot=true)
  fi
  dotnet "${args[@]}"
fi
if [[ ! -f "$stage/codex-helper" ]]; then
  echo "install.sh: $stage has no codex-helper executable" >&2
  exit 1
fi

# An earlier install (say the JIT build, before this AOT one) leaves nothing behind.
if [[ -f "$MANIFEST" ]]; then
  PREFIX="$PREFIX" BIN_DIR="$BIN_DIR" QUIET=1 scripts/uninstall.sh
fi

mkdir -p "$PREFIX" "$BIN_DIR"
installed=()
for f in "$stage"/*; do
  name=$(basename "$f")
  case "$name" in
    # Debug symbols (the AOT build's .dbg is ~29 MB), build manifests and docs are not needed to run.
    *.dbg | *.pdb | *.staticwebassets.* | web.config | README.md | LICENSE | install-manifest.txt) continue ;;
  esac
  [[ -f "$f" ]] || continue
  cp -f "$f" "$PREFIX/$name"
  installed+=("$PREFIX/$name")
done
chmod +x "$PREFIX/codex-helper"
ln -sfn "$PREFIX/codex-helper" "$BIN_DIR/codex-helper"
ln -sfn "$PREFIX/codex-helper" "$BIN_DIR/ch"
installed+=("$BIN_DIR/codex-helper" "$BIN_DIR/ch")
printf '%s\n' "${installed[@]}" >"$MANIFEST"

echo "installed: $BIN_DIR/codex-helper and $BIN_DIR/ch -> $PREFIX/codex-helper ($(du -sh "$PREFIX" | cut -f1)); remove with scripts/uninstall.sh"
case ":$PATH:" in
  *":$BIN_DIR:"*) ;;
  *) echo "note: $BIN_DIR is not on your PATH; add it, e.g.: export PATH=\"$BIN_DIR:\$PATH\"" ;;
esac
