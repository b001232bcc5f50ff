#!/usr/bin/env bash
# scripts/image.sh [--binary FILE] [--archive FILE] [OUT_DIR] — builds the container image of
# vextrus-flow without a registry or a container engine, from Debian's packages only:
#   1. base: a Debian bookworm root file system by debootstrap --variant=minbase, upgraded from
#      bookworm-updates and bookworm-security, plus the runtime packages of
#      deploy/image/packages.txt; docs, man pages, translations, apt lists, device nodes, host
#      files and setuid bits removed. Cached in $VEXTRUS_CACHE/image keyed by the package list and
#      this recipe, so a rerun takes seconds; VEXTRUS_IMAGE_REFRESH=1 rebuilds it (security updates);
#   2. the application: the binary (default build/vextrus-flow; not built here) at
#      /usr/local/bin/vextrus-flow, config/ at /opt/vextrus-flow/config, the user vextrus
#      (10001:10001). ldd inside the file system must find every library, and the "lib" lines of
#      packages.txt must be exactly the packages of the binary's direct libraries, or it stops;
#   3. an OCI image layout made with umoci: layer 1 the base (same digest while the cache holds),
#      layer 2 the application; user 10001, entrypoint, env, port 8080, org.opencontainers labels.
# OUT_DIR defaults to build/image/oci, tagged with the version and "latest"; --archive FILE also
# writes it as an oci-archive tar (version tag only). Prints OUT_DIR:VERSION on stdout, progress
# on stderr.
# Needs root (debootstrap, chroot, a mount namespace), debootstrap and umoci (scripts/setup.sh).
set -euo pipefail

# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

t0=$SECONDS
say() { echo "image: $*" >&2; }
step() { say "[$((SECONDS - t0))s] $*"; }
die() { say "error: $*"; exit 1; }
usage() { echo "usage: $0 [--binary FILE] [--archive FILE] [OUT_DIR]" >&2; exit 2; }

SUITE=bookworm
MIRROR="${VEXTRUS_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
SECURITY_MIRROR="${VEXTRUS_DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}"
APP_USER=vextrus
APP_UID=10001
APP_GID=10001
APP_DIR=/opt/vextrus-flow
BIN_PATH=/usr/local/bin/vextrus-flow
PACKAGES_FILE="$REPO_ROOT/deploy/image/packages.txt"

binary="$REPO_ROOT/build/vextrus-flow"
archive=""
out=""
while (($#)); do
  case "$1" in
    --binary) (($# >= 2)) || usage; binary="$2"; shift 2 ;;
    --archive) (($# >= 2)) || usage; archive="$2"; shift 2 ;;
    -*) usage ;;
    *) [[ -z "$out" ]] || usage; out="$1"; shift ;;
  esac
done
out="$(realpath -m "${out:-$REPO_ROOT/build/image/oci}")"
binary="$(realpath -m "$binary")"
[[ -z "$archive" ]] || archive="$(realpath -m "$archive")"

[[ ! -e "$out" || -f "$out/oci-layout" ]] || die "$out exists and is not an OCI layout; not replacing it"
[[ "$(id -u)" -eq 0 ]] || die "needs root: debootstrap, chroot and mount namespaces do (sudo $0)"
for tool in debootstrap umoci chroot unshare readelf flock; do
  command -v "$tool" >/dev/null || die "$tool not found; scripts/setup.sh installs it"
done
[[ -f "$binary" && -x "$binary" ]] || die "$binary: no such executable; build it first (scripts/build.sh build)"
ARCH="$(dpkg --print-architecture)"

# --- the package list -------------------------------------------------------------------------
lib_pkgs=()
data_pkgs=()
n=0
while IFS= read -r line || [[ -n "$line" ]]; do
  n=$((n + 1))
  kind="" pkg="" extra=""
  read -r kind pkg extra <<<"${line%%#*}" || true
  [[ -n "$kind" ]] || continue
  [[ -n "$pkg" && -z "$extra" ]] || die "$PACKAGES_FILE:$n: expected KIND PACKAGE [# comment]"
  [[ "$pkg" =~ ^[a-z0-9][a-z0-9+.-]+$ ]] || die "$PACKAGES_FILE:$n: '$pkg' is not a Debian package name"
  case "$kind" in
    lib) lib_pkgs+=("$pkg") ;;
    data) data_pkgs+=("$pkg") ;;
    *) die "$PACKAGES_FILE:$n: kind '$kind' is neither lib nor data" ;;
  esac
done <"$PACKAGES_FILE"
((${#lib_pkgs[@]})) || die "$PACKAGES_FILE lists no lib package"

in_list() {  # in_list WORD LIST... — WORD is one of LIST
  local word="$1" x
  shift
  for x in "$@"; do [[ "$x" == "$word" ]] && return 0; done
  return 1
}

# Debian's tools inside a root file system, with a clean environment.
in_root() {  # in_root ROOT COMMAND...
  local root="$1"
  shift
  chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
    DEBIAN_FRONTEND=noninteractive "$@"
}

umoci_() { umoci --log=warn "$@" >&2; }

logged() {  # logged LOG COMMAND... — run quietly; on failure show the log's tail
  local log="$1"
  shift
  if ! "$@" >>"$log" 2>&1; then
    tail -n 25 "$log" >&2
    die "failed: $* (whole log: $log)"
  fi
}

# --- 1. the base root file system (cached) ----------------------------------------------------
# Everything that shapes the base is in this function, whose text is part of the cache key.
# DIR/oci is an OCI layout whose tag "base" is the one layer, DIR/bundle its unpacked bundle
# (rootfs and umoci's metadata), ready for the application layer on top.
build_base() {  # build_base DIR LOG
  local root="$1/stage" log="$2"
  umoci_ init --layout "$1/oci"
  umoci_ new --image "$1/oci:base"
  umoci_ unpack --image "$1/oci:base" "$1/bundle"
  step "base 1/5: debootstrap $SUITE --variant=minbase from $MIRROR (about a minute)"
  mkdir -p "$VEXTRUS_CACHE/image/debs"
  # In its own mount namespace: the /proc and /sys debootstrap mounts inside the target vanish
  # with it, even when it is killed, so nothing is left mounted under the cache.
  logged "$log" unshare --mount --propagation private -- \
    debootstrap --variant=minbase --arch="$ARCH" --cache-dir="$VEXTRUS_CACHE/image/debs" \
    "$SUITE" "$root" "$MIRROR"
  if grep -qF " $root/" /proc/self/mountinfo; then die "something is still mounted under $root"; fi

  step "base 2/5: apt sources with $SUITE-updates and $SUITE-security; upgrade"
  rm -f "$root/etc/apt/sources.list"
  cat >"$root/etc/apt/sources.list.d/debian.sources" <<EOF
Types: deb
URIs: $MIRROR
Suites: $SUITE $SUITE-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: $SECURITY_MIRROR
Suites: $SUITE-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  # Docs, man pages and translations are never unpacked (as in Debian's slim images); the
  # copyright files stay. Also for whatever an image built on this one installs.
  cat >"$root/etc/dpkg/dpkg.cfg.d/vextrus-slim" <<'EOF'
path-exclude=/usr/share/doc/*
path-include=/usr/share/doc/*/copyright
path-exclude=/usr/share/man/*
path-exclude=/usr/share/info/*
path-exclude=/usr/share/locale/*
path-exclude=/usr/share/lintian/*
EOF
  cp -L /etc/resolv.conf "$root/etc/resolv.conf"
  logged "$log" in_root "$root" apt-get -q update
  logged "$log" in_root "$root" apt-get -q -y upgrade

  step "base 3/5: install ${lib_pkgs[*]} ${data_pkgs[*]}"
  logged "$log" in_root "$root" apt-get -q -y --no-install-recommends install \
    "${lib_pkgs[@]}" "${data_pkgs[@]}"

  step "base 4/5: trim"
  in_root "$root" apt-get clean
  rm -rf "$root"/var/lib/apt/lists/* "$root"/usr/share/man/* "$root"/usr/share/info/* \
    "$root"/usr/share/locale/* "$root"/usr/share/lintian
  find "$root/usr/share/doc" -mindepth 1 ! -type d ! -name copyright -delete
  find "$root/usr/share/doc" -mindepth 1 -type d -empty -delete
  rm -f "$root"/var/cache/debconf/*-old "$root"/var/lib/dpkg/*-old
  find "$root/var/log" -type f -delete
  # A container runtime provides the device nodes, host name and resolver; debootstrap copied
  # this machine's.
  find "$root/dev" -mindepth 1 -delete
  rm -f "$root/etc/hostname" "$root/etc/resolv.conf"
  # No setuid or setgid programs: nothing in the container can gain privileges.
  find "$root" -xdev -type f -perm /6000 -exec chmod ug-s {} +

  step "base 5/5: layer 1"
  # Copied once more: umoci's diff compares directories' sizes, which on most file systems
  # depend on their history; a copy of a copy on the same file system matches this copy, so the
  # application layer (made on a copy, see below) holds only what changed.
  cp -a "$root/." "$1/bundle/rootfs/"
  rm -rf --one-file-system "$root"
  date -u +%Y-%m-%dT%H:%M:%SZ >"$1/.created"
  umoci_ repack --refresh-bundle --image "$1/oci:base" --history.created "$(<"$1/.created")" \
    --history.created_by "debootstrap --variant=minbase $SUITE; apt-get upgrade; apt-get install --no-install-recommends (deploy/image/packages.txt); trimmed" \
    "$1/bundle"
}

cache="$VEXTRUS_CACHE/image"
key="$({
  printf '%s\n' "$SUITE" "$ARCH" "$MIRROR" "$SECURITY_MIRROR" "${lib_pkgs[@]}" -- "${data_pkgs[@]}"
  declare -f build_base in_root umoci_
} | sha256sum | cut -c1-16)"
base="$cache/base-$key"
mkdir -p "$cache"
# One build at a time: it may replace or prune the cached bases.
exec 9>"$cache/.lock"
if ! flock -n 9; then
  step "waiting for another image build ($cache/.lock)"
  flock 9
fi

# Left by a build that was killed (this one holds the lock).
for old in "$cache"/base-*.tmp.* "$cache"/work.*; do
  [[ ! -d "$old" ]] || rm -rf --one-file-system "$old"
done

work=""
new_out=""
base_tmp=""
archive_tmp=""
cleanup() {
  local d
  for d in "$work" "$new_out" "$base_tmp" "$archive_tmp"; do
    [[ -z "$d" ]] || rm -rf --one-file-system "$d"
  done
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP  # so that cleanup runs

if [[ -n "${VEXTRUS_IMAGE_REFRESH:-}" || ! -f "$base/.complete" ]]; then
  base_tmp="$base.tmp.$$"
  mkdir -p "$base_tmp"
  log="$cache/base-$key.log"
  : >"$log"
  build_base "$base_tmp" "$log"
  cp "$base_tmp/.created" "$base_tmp/.complete"
  rm -rf --one-file-system "$base"
  mv -T "$base_tmp" "$base"
  base_tmp=""
  rm -f "$log"
  # Bases of another package list or recipe are not used again.
  for old in "$cache"/base-*; do
    [[ "$old" == "$base" || ! -d "$old" ]] || rm -rf --one-file-system "$old"
  done
else
  built="$(<"$base/.complete")"
  age_days=$((($(date +%s) - $(date -d "$built" +%s)) / 86400))
  step "base: cached ($base, built $built)"
  if ((age_days > 30)); then
    say "note: the base is $age_days days old; VEXTRUS_IMAGE_REFRESH=1 rebuilds it with today's security updates"
  fi
fi

# --- 2. the application on top ----------------------------------------------------------------
check_libraries() {  # check_libraries ROOT — the image has exactly the binary's libraries
  local root="$1" ldd_out missing soname owners=() found o
  ldd_out="$(chroot "$root" /usr/bin/ldd "$BIN_PATH" 2>&1)" || die "ldd $BIN_PATH in the image failed: $ldd_out"
  missing="$(awk '/not found/ {printf "%s ", $1}' <<<"$ldd_out")"
  [[ -z "$missing" ]] ||
    die "the image lacks libraries of the binary: ${missing% } (ldd: not found); add the packages that ship them to deploy/image/packages.txt as 'lib PACKAGE'"
  for soname in $(readelf -d "$binary" | sed -n 's/.*(NEEDED).*\[\(.*\)\]$/\1/p'); do
    # "libpq5:amd64: /usr/lib/x86_64-linux-gnu/libpq.so.5" -> libpq5
    found="$(in_root "$root" dpkg-query -S "*/$soname" 2>/dev/null | sed -n 's/: \/.*//p' |
      sed 's/:[a-z0-9]*//g; s/, /\n/g' | sort -u)" || true
    [[ -n "$found" ]] || die "the binary links $soname, which no Debian package in the image ships"
    for o in $found; do
      in_list "$o" "${lib_pkgs[@]}" ||
        die "the binary links $soname from the package $o, which deploy/image/packages.txt does not list; add 'lib $o'"
      owners+=("$o")
    done
  done
  for o in "${lib_pkgs[@]}"; do
    in_list "$o" "${owners[@]}" ||
      die "deploy/image/packages.txt lists 'lib $o', but the binary links no library of it; remove the line (or make it 'data' and say why)"
  done
}

# Beside the cache, on its file system (see build_base).
work="$cache/work.$$"
mkdir "$work"
mkdir -p "$(dirname "$out")"
new_out="$out.tmp.$$"
rm -rf --one-file-system "$new_out"
bundle="$work/bundle"
root="$bundle/rootfs"

step "layer 1: the base, from the cache"
cp -a "$base/oci" "$new_out"
cp -a "$base/bundle" "$bundle"

step "layer 2: binary, config, user $APP_USER ($APP_UID:$APP_GID)"
if awk -F: -v uid="$APP_UID" -v name="$APP_USER" '$3 == uid || $1 == name {found = 1} END {exit !found}' "$root/etc/passwd"; then
  die "the base already has a user $APP_USER or uid $APP_UID"
fi
# libpq and glibc look the running uid up; no home, no shell, no password.
echo "$APP_USER:x:$APP_UID:$APP_GID:vextrus-flow:/nonexistent:/usr/sbin/nologin" >>"$root/etc/passwd"
echo "$APP_USER:x:$APP_GID:" >>"$root/etc/group"
echo "$APP_USER:!:::::::" >>"$root/etc/shadow"
echo "$APP_USER:!::" >>"$root/etc/gshadow"
install -D -m 0755 -o 0 -g 0 "$binary" "$root$BIN_PATH"
# Read-only for the service: root owns them. The relative defaults (config/vextrus-flow.yaml,
# config/policy/bd-default.yaml) resolve there too, from the working directory $APP_DIR.
install -d -m 0755 -o 0 -g 0 "$root$APP_DIR" "$root$APP_DIR/config" "$root$APP_DIR/config/policy"
install -m 0644 -o 0 -g 0 "$REPO_ROOT/config/vextrus-flow.yaml" "$root$APP_DIR/config/"
install -m 0644 -o 0 -g 0 "$REPO_ROOT"/config/policy/*.yaml "$root$APP_DIR/config/policy/"
[[ -f "$root$APP_DIR/config/policy/bd-default.yaml" ]] || die "config/policy/bd-default.yaml is missing"

# One time for what this layer adds or changes: the same binary and config on the same base make
# the same layer (digest).
epoch="${SOURCE_DATE_EPOCH:-$(date -d "$(<"$base/.created")" +%s)}"
find "$root$APP_DIR" "$root$BIN_PATH" "$root/usr/local/bin" "$root/opt" "$root"/etc/{passwd,group,shadow,gshadow} \
  -exec touch -h -d "@$epoch" {} +

step "check: libraries (ldd in the image, packages.txt) and 'vextrus-flow version' as $APP_UID"
check_libraries "$root"
version_out="$(chroot --userspec="$APP_UID:$APP_GID" "$root" "$BIN_PATH" version 2>&1)" ||
  die "'vextrus-flow version' fails in the image: $version_out"
version="${version_out##* }"
[[ "$version_out" == "vextrus-flow $version" && "$version" =~ ^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$ ]] ||
  die "'vextrus-flow version' printed '$version_out', not 'vextrus-flow VERSION' with VERSION usable as an image tag"

umoci_ repack --image "$new_out:base" \
  --history.created_by "scripts/image.sh: $BIN_PATH $version, $APP_DIR/config, user $APP_USER $APP_UID:$APP_GID" \
  "$bundle"

step "image config: user $APP_UID, entrypoint, env, port 8080, labels (version $version)"
created="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
revision="$(git -c safe.directory="$REPO_ROOT" -C "$REPO_ROOT" rev-parse HEAD 2>/dev/null || true)"
oci=org.opencontainers.image
labels=(
  "$oci.title=vextrus-flow"
  "$oci.description=Approval workflows from Kafka to PostgreSQL, exactly once (Debian $SUITE, non-root)"
  "$oci.version=$version"
  "$oci.created=$created"
)
[[ -z "$revision" ]] || labels+=("$oci.revision=$revision")
config_args=(
  --os linux --architecture "$ARCH" --created "$created"
  --config.user "$APP_UID:$APP_GID"
  --config.entrypoint "$BIN_PATH"
  --config.cmd run --config.cmd=--config --config.cmd "$APP_DIR/config/vextrus-flow.yaml"
  --config.workingdir "$APP_DIR"
  --config.exposedports 8080/tcp
  --config.stopsignal SIGTERM
  --config.env "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
  --config.env "VEXTRUS_ENV=production"
  --config.env "VEXTRUS_HTTP_ADDR=0.0.0.0:8080"
  --config.env "VEXTRUS_POLICY=$APP_DIR/config/policy/bd-default.yaml"
)
for l in "${labels[@]}"; do config_args+=(--config.label "$l" --manifest.annotation "$l"); done
umoci_ config --image "$new_out:base" "${config_args[@]}" \
  --history.created_by "scripts/image.sh: user, entrypoint, cmd, env, port, labels"
umoci_ tag --image "$new_out:base" "$version"
umoci_ rm --image "$new_out:base"
umoci_ gc --layout "$new_out"
chmod -R a+rX "$new_out"  # readable for skopeo run by anyone

if [[ -n "$archive" ]]; then
  # Only the version tag: with one image in it, `skopeo copy oci-archive:FILE ...` and
  # `podman load` need no tag to choose.
  step "oci-archive $archive"
  mkdir -p "$(dirname "$archive")"
  archive_tmp="$archive.tmp.$$"
  tar --sort=name --owner=0 --group=0 --numeric-owner -C "$new_out" -cf "$archive_tmp" oci-layout index.json blobs
  mv -f "$archive_tmp" "$archive"
  archive_tmp=""
fi
umoci_ tag --image "$new_out:$version" latest

if [[ -e "$out" ]]; then rm -rf --one-file-system "$out"; fi
mv -T "$new_out" "$out"
new_out=""

stored="$(du -sb "$out/blobs" | cut -f1)"
unpacked="$(du -sb "$root" | cut -f1)"
step "done: $out:$version (also :latest), $((stored / 1048576)) MiB stored (gzip), $((unpacked / 1048576)) MiB unpacked"
echo "$out:$version"
