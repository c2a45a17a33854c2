#!/usr/bin/env bash
# Builds a release into dist/:
#   codex-helper-VERSION-RID.tar.gz (linux-x64, linux-arm64, osx-x64, osx-arm64) and codex-helper-VERSION-win-x64.zip,
#   each holding one folder with the binary, README.md and LICENSE, and each with a .sha256 file beside it;
#   the .NET tool packages (codex-helper.VERSION.nupkg and one codex-helper.RID.VERSION.nupkg per platform).
#   scripts/release.sh 0.3.0
#   RIDS="linux-x64 win-x64" scripts/release.sh 0.3.0     # a subset of the archives
#   NO_TOOL=1 scripts/release.sh 0.3.0                     # archives only
#   VERIFY_ONLY=1 scripts/release.sh 0.3.0                 # only check what dist/ already holds (see verify below)
# The archive for this machine's own platform holds the Native AOT binary when clang and the zlib headers are present
# (apt-get install clang zlib1g-dev); Native AOT cannot cross-compile to another OS, so every other archive holds a
# self-contained single-file binary (trimmed, ReadyToRun): no .NET runtime needed on the user's machine either way.
# The tool packages are framework-dependent (they need the .NET 10 runtime, which `dotnet tool` users have) and
# ReadyToRun-compiled per platform, which shortens their start-up (docs/benchmarks.md).
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION="${1:-}"
if [[ ! "$VERSION" =~ ^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]]; then
  echo "usage: scripts/release.sh VERSION   (for example 0.3.0 or 0.3.0-rc.1)" >&2
  exit 2
fi
RIDS="${RIDS:-linux-x64 linux-arm64 osx-x64 osx-arm64 win-x64}"
TOOL_RIDS="linux-x64;linux-arm64;osx-x64;osx-arm64;win-x64"
DIST="$PWD/dist"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) host=linux-x64 ;;
  Linux-aarch64) host=linux-arm64 ;;
  Darwin-x86_64) host=osx-x64 ;;
  Darwin-arm64) host=osx-arm64 ;;
  *) host=none ;;
esac
aot_ok=0
if command -v clang >/dev/null 2>&1 && { [[ -f /usr/include/zlib.h ]] || [[ "$host" == osx-* ]]; }; then
  aot_ok=1
fi

mkdir -p "$DIST"
checksum() { (cd "$DIST" && sha256sum "$1" >"$1.sha256"); }
zip_dir() { # zip_dir ARCHIVE DIR (run inside the parent of DIR)
  if command -v zip >/dev/null 2>&1; then zip -qr "$1" "$2"; else python3 -m zipfile -c "$1" "$2"; fi
}

# Every archive is checked after it is written: its checksum file matches, it holds exactly the binary, README.md
# and LICENSE (no .pdb/.dbg), the binary is for the archive's platform (`file`, when installed) and, for this
# machine's own platform, prints the version being released. The tool packages hold no symbol files either.
fail() { echo "release check: $*" >&2; exit 1; }
verify_archive() { # verify_archive RID
  local rid=$1 name="codex-helper-$VERSION-$1" exe=codex-helper archive listing expected
  [[ "$rid" == win-* ]] && exe=codex-helper.exe
  if [[ "$rid" == win-* ]]; then archive="$name.zip"; else archive="$name.tar.gz"; fi
  [[ -f "$DIST/$archive" ]] || fail "$archive is missing"
  (cd "$DIST" && sha256sum --quiet -c "$archive.sha256") || fail "$archive does not match $archive.sha256"
  local x="$WORK/verify-$rid"
  rm -rf "$x" && mkdir -p "$x"
  if [[ "$rid" == win-* ]]; then
    if command -v unzip >/dev/null 2>&1; then unzip -q "$DIST/$archive" -d "$x"; else python3 -m zipfile -e "$DIST/$archive" "$x"; fi \
      || fail "$archive does not unzip"
  else
    tar -xzf "$DIST/$archive" -C "$x" || fail "$archive does not unpack"
  fi
  listing=$(cd "$x" && find . -type f | sed 's|^\./||' | sort | tr '\n' ' ')
  expected=$(printf '%s\n' "$name/LICENSE" "$name/README.md" "$name/$exe" | sort | tr '\n' ' ')
  [[ "$listing" == "$expected" ]] || fail "$archive holds [$listing], expected [$expected]"
  if command -v file >/dev/null 2>&1; then
    local want
    case "$rid" in
      linux-x64) want='ELF 64-bit.*x86-64' ;;
      linux-arm64) want='ELF 64-bit.*(ARM aarch64|ARM64)' ;;
      osx-x64) want='Mach-O 64-bit.*x86_64' ;;
      osx-arm64) want='Mach-O 64-bit.*arm64' ;;
      win-x64) want='PE32\+ executable.*x86-64' ;;
    esac
    file -b "$x/$name/$exe" | grep -Eq "$want" || fail "$archive: $exe is $(file -b "$x/$name/$exe"), expected /$want/"
  fi
  if [[ "$rid" == "$host" ]]; then
    local printed
    printed=$("$x/$name/$exe" --version) || fail "$archive: $exe --version failed"
    [[ "$printed" == "$VERSION" || "$printed" == "$VERSION+"* ]] || fail "$archive: $exe --version printed '$printed', expected $VERSION"
  fi
  rm -rf "$x"
}
verify_tool() {
  local p
  for p in "$DIST"/codex-helper.*"$VERSION".nupkg; do
    [[ -f "$p" ]] || fail "no tool package codex-helper.*$VERSION.nupkg in dist/"
    (cd "$DIST" && sha256sum --quiet -c "$(basename "$p").sha256") || fail "$(basename "$p") does not match its .sha256"
    if python3 -m zipfile -l "$p" | grep -Eiq '\.(pdb|dbg)\b'; then fail "$(basename "$p") holds symbol files"; fi
  done
}
if [[ -n "${VERIFY_ONLY:-}" ]]; then
  for rid in $RIDS; do verify_archive "$rid"; echo "ok  codex-helper-$VERSION-$rid" >&2; done
  [[ -n "${NO_TOOL:-}" ]] || { verify_tool; echo "ok  tool packages" >&2; }
  exit 0
fi

summary=()
for rid in $RIDS; do
  start=$(date +%s)
  out="$WORK/$rid"
  name="codex-helper-$VERSION-$rid"
  # Every build gets its own intermediate folders: a trimmed single-file publish and the tool package for the same RID
  # would otherwise share obj/ and the tool would pick up the trimmed assemblies.
  args=(publish src/CodexHelper -c Release -r "$rid" -o "$out" --artifacts-path "$WORK/build-$rid"
    -p:Version="$VERSION" -p:DebugType=none -p:DebugSymbols=false)
  if [[ "$rid" == "$host" && "$aot_ok" == 1 ]]; then
    kind="Native AOT"
    args+=(-p:PublishAot=true -p:StripSymbols=true)
  else
    kind="self-contained single file"
    args+=(--self-contained -p:PublishSingleFile=true -p:PublishTrimmed=true -p:PublishReadyToRun=true
      -p:IncludeNativeLibrariesForSelfExtract=true)
  fi
  echo "== $rid: $kind" >&2
  dotnet "${args[@]}" >"$WORK/$rid.log" 2>&1 || { cat "$WORK/$rid.log" >&2; exit 1; }

  exe=codex-helper
  [[ "$rid" == win-* ]] && exe=codex-helper.exe
  mkdir -p "$WORK/pkg/$name"
  cp "$out/$exe" README.md LICENSE "$WORK/pkg/$name/"
  if [[ "$rid" == win-* ]]; then
    archive="$name.zip"
    rm -f "$DIST/$archive"
    (cd "$WORK/pkg" && zip_dir "$DIST/$archive" "$name")
  else
    archive="$name.tar.gz"
    tar -C "$WORK/pkg" -czf "$DIST/$archive" "$name"
  fi
  checksum "$archive"
  verify_archive "$rid"
  summary+=("$(printf '%-40s %-28s binary %6s  archive %6s  %4ss' "$archive" "$kind" \
    "$(du -h "$out/$exe" | cut -f1)" "$(du -h "$DIST/$archive" | cut -f1)" "$(( $(date +%s) - start ))")")
done

if [[ -z "${NO_TOOL:-}" ]]; then
  start=$(date +%s)
  echo "== .NET tool packages" >&2
  rm -f "$DIST"/codex-helper.*"$VERSION".nupkg*
  # No symbol files in the packages either (each per-platform package carried a 0.5 MB codex-helper.pdb).
  dotnet pack src/CodexHelper -c Release -o "$DIST" --artifacts-path "$WORK/build-tool" -p:Version="$VERSION" \
    -p:RuntimeIdentifiers="\"$TOOL_RIDS\"" -p:SelfContained=false -p:PublishReadyToRun=true \
    -p:DebugType=none -p:DebugSymbols=false >"$WORK/pack.log" 2>&1 \
    || { cat "$WORK/pack.log" >&2; exit 1; }
  for p in "$DIST"/codex-helper.*"$VERSION".nupkg; do
    checksum "$(basename "$p")"
  done
  verify_tool
  summary+=("$(printf '%-40s %-28s %s  %4ss' "codex-helper.$VERSION.nupkg (+ per RID)" ".NET tool, ReadyToRun" \
    "$(du -ch "$DIST"/codex-helper.*"$VERSION".nupkg | tail -1 | cut -f1) in all" "$(( $(date +%s) - start ))")")
fi

printf '%s\n' "${summary[@]}"
echo "dist/: dotnet tool install -g codex-helper --add-source $DIST   (or unpack an archive and put the binary on PATH)"
