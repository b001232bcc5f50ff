#!/usr/bin/env bash
# scripts/image-test.sh — tests the container image the way a container runtime would run it, with
# no engine: builds it with scripts/image.sh (base root file system cached) into a temporary OCI
# layout, unpacks that with umoci (so the image is tested, not the build directory), and checks
#   * the image config: a numeric non-root user that exists in the image, the binary as the
#     entrypoint, port 8080, the "latest" tag on the same manifest as the version tag;
#   * the root file system: ldd finds every library of the binary; no compiler; no setuid or
#     setgid file;
#   * inside it, chrooted as the image's user with only the image's environment and working
#     directory, the root read-only, and /proc, /sys and a minimal /dev mounted in a private mount
#     namespace (gone when the command ends): `version` prints the labelled version;
#     `validate-event` accepts a sample event with the image's config and policy; `migrate` creates
#     the schema in a throwaway database as the schema owner; a second `migrate` changes nothing;
#     the image's command (`run`) with the embedded broker becomes ready and exits 0 on SIGTERM.
# Needs root and the test PostgreSQL (scripts/infra.sh up; the VEXTRUS_* variables of
# `scripts/infra.sh env`, read here when unset). Any failure: exit 1 with a one-line reason.
set -euo pipefail

# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_ROOT"

t0=$SECONDS
say() { echo "image-test: $*" >&2; }
step() { say "[$((SECONDS - t0))s] $*"; }
fail() { say "FAILED: $*"; exit 1; }

[[ "$(id -u)" -eq 0 ]] || fail "needs root: chroot and mount namespaces do (sudo $0)"
for tool in umoci unshare chroot node psql curl; do
  command -v "$tool" >/dev/null || fail "$tool not found; scripts/setup.sh installs it"
done
if [[ -z "${VEXTRUS_TEST_PG_SUPER_DSN:-}" ]]; then eval "$(bash scripts/infra.sh env)"; fi

psql_() { psql -X -q -At -v ON_ERROR_STOP=1 "$@"; }
# with_db DSN DB — the URL DSN with its database replaced, its ?parameters kept
with_db() {
  local dsn="$1" db="$2" query=""
  [[ "$dsn" != *\?* ]] || query="?${dsn#*\?}"
  dsn="${dsn%%\?*}"
  echo "${dsn%/*}/$db$query"
}

tmp="$(mktemp -d "${TMPDIR:-/tmp}/vextrus-image-test.XXXXXX")"
db=""
service_pid=""
cleanup() {
  if [[ -n "$service_pid" ]]; then
    kill -KILL "$service_pid" 2>/dev/null || true
    wait "$service_pid" 2>/dev/null || true
  fi
  if [[ -n "$db" ]]; then
    psql_ "$VEXTRUS_TEST_PG_SUPER_DSN" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 ||
      say "warning: could not drop the database $db"
  fi
  # The mounts lived in namespaces that ended with their commands; --one-file-system never
  # follows one that did not.
  rm -rf --one-file-system "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP  # so that cleanup runs

psql_ "$VEXTRUS_TEST_PG_SUPER_DSN" -c "SELECT 1" >/dev/null 2>"$tmp/err" ||
  fail "PostgreSQL is not reachable at $VEXTRUS_TEST_PG_SUPER_DSN ($(head -n 1 "$tmp/err")); start it: scripts/infra.sh up"
unshare --mount --propagation private true 2>"$tmp/err" ||
  fail "cannot make a mount namespace ($(head -n 1 "$tmp/err")); this test needs CAP_SYS_ADMIN, e.g. root on a VM or a privileged CI runner"

step "build (scripts/image.sh)"
ref="$(bash scripts/image.sh "$tmp/oci")" || fail "scripts/image.sh failed (its error is above)"
layout="${ref%:*}"
tag="${ref##*:}"

step "unpack $tag with umoci"
umoci --log=warn unpack --image "$layout:$tag" "$tmp/bundle" >"$tmp/err" 2>&1 ||
  fail "umoci unpack $layout:$tag: $(tail -n 1 "$tmp/err")"
root="$tmp/bundle/rootfs"

# image_config LAYOUT TAG — the image config of TAG as KEY=VALUE lines (env, ep and cmd repeat)
image_config() {
  node -e '
const fs = require("fs"), path = require("path");
const [dir, tag] = process.argv.slice(1);
const blob = (digest) => JSON.parse(fs.readFileSync(path.join(dir, "blobs", ...digest.split(":"))));
const index = JSON.parse(fs.readFileSync(path.join(dir, "index.json")));
const entry = index.manifests.find((m) => (m.annotations || {})["org.opencontainers.image.ref.name"] === tag);
if (!entry) { console.error("no tag " + tag + " in " + dir); process.exit(1); }
const manifest = blob(entry.digest), image = blob(manifest.config.digest), c = image.config || {};
const lines = ["manifest=" + entry.digest, "os=" + image.os, "layers=" + manifest.layers.length,
  "user=" + (c.User || ""), "workdir=" + (c.WorkingDir || ""),
  "entrypoint=" + JSON.stringify(c.Entrypoint || []), "cmdline=" + JSON.stringify(c.Cmd || []),
  "ports=" + Object.keys(c.ExposedPorts || {}).sort().join(" "),
  "version=" + ((c.Labels || {})["org.opencontainers.image.version"] || "")];
for (const e of c.Env || []) lines.push("env=" + e);
for (const a of c.Entrypoint || []) lines.push("ep=" + a);
for (const a of c.Cmd || []) lines.push("cmd=" + a);
console.log(lines.join("\n"));
' "$1" "$2"
}

step "image config"
declare -A cfg=()
image_env=()
entrypoint=()
cmd=()
image_config "$layout" "$tag" >"$tmp/config.txt" 2>"$tmp/err" || fail "reading the image config: $(head -n 1 "$tmp/err")"
while IFS= read -r line; do
  key="${line%%=*}" value="${line#*=}"
  case "$key" in
    env) image_env+=("$value") ;;
    ep) entrypoint+=("$value") ;;
    cmd) cmd+=("$value") ;;
    *) cfg[$key]="$value" ;;
  esac
done <"$tmp/config.txt"
latest="$(image_config "$layout" latest 2>/dev/null | sed -n 's/^manifest=//p')" || true
[[ "$latest" == "${cfg[manifest]}" ]] || fail "the tag latest is not the manifest of $tag (${latest:-missing})"
[[ "${cfg[os]}" == linux ]] || fail "image os is '${cfg[os]}', not linux"
# Numeric, so that a runtime (Kubernetes runAsNonRoot) can tell it is not root without the image.
[[ "${cfg[user]}" =~ ^([0-9]+):([0-9]+)$ ]] || fail "image user '${cfg[user]}' is not a numeric uid:gid"
uid="${BASH_REMATCH[1]}" gid="${BASH_REMATCH[2]}"
((uid != 0 && gid != 0)) || fail "image user ${cfg[user]} is root"
awk -F: -v uid="$uid" -v gid="$gid" '$3 == uid && $4 == gid {found = 1} END {exit !found}' "$root/etc/passwd" ||
  fail "uid $uid (gid $gid) has no /etc/passwd entry in the image; libpq looks the user up"
[[ "${cfg[entrypoint]}" == '["/usr/local/bin/vextrus-flow"]' ]] ||
  fail "entrypoint is ${cfg[entrypoint]}, not [\"/usr/local/bin/vextrus-flow\"]"
binary="$root/usr/local/bin/vextrus-flow"
[[ -f "$binary" && -x "$binary" ]] || fail "the entrypoint /usr/local/bin/vextrus-flow is not an executable in the image"
[[ "$(stat -c '%u %a' "$binary")" == "0 755" ]] || fail "the binary is $(stat -c 'uid %u mode %a' "$binary"), not root-owned 755"
[[ " ${cfg[ports]} " == *" 8080/tcp "* ]] || fail "port 8080/tcp is not exposed (${cfg[ports]:-none})"
[[ -n "${cfg[workdir]}" && -d "$root${cfg[workdir]}" ]] || fail "working directory '${cfg[workdir]}' is not in the image"
[[ ${#cmd[@]} -gt 0 && "${cmd[0]}" == run ]] || fail "the default command is ${cfg[cmdline]}, not run ..."
say "user ${cfg[user]}, entrypoint ${cfg[entrypoint]}, cmd ${cfg[cmdline]}, workdir ${cfg[workdir]}, ports ${cfg[ports]}, ${cfg[layers]} layers"

step "root file system: libraries, no compiler, no setuid"
chroot "$root" /usr/bin/ldd /usr/local/bin/vextrus-flow >"$tmp/ldd" 2>&1 || fail "ldd in the image: $(tail -n 1 "$tmp/ldd")"
if grep -q 'not found' "$tmp/ldd"; then
  fail "libraries missing in the image: $(awk '/not found/ {printf "%s ", $1}' "$tmp/ldd")"
fi
compilers=()
for f in cc c++ gcc g++ cpp clang clang++ ld as make; do
  [[ ! -e "$root/usr/bin/$f" && ! -L "$root/usr/bin/$f" ]] || compilers+=("/usr/bin/$f")
done
while IFS= read -r f; do compilers+=("${f#"$root"}"); done < <(compgen -G "$root/usr/bin/*-linux-gnu-gcc*" || true)
while IFS= read -r p; do compilers+=("package $p"); done < <(
  sed -n 's/^Package: \(gcc\|g++\|cpp\|binutils\|clang\|make\)\(-[0-9.]*\)\{0,1\}$/\1\2/p' "$root/var/lib/dpkg/status")
((${#compilers[@]} == 0)) || fail "the image has build tools: ${compilers[*]}"
setuid="$(find "$root" -xdev -type f -perm /6000 -printf '/%P ' | head -c 300)"
[[ -z "$setuid" ]] || fail "the image has setuid or setgid files: $setuid"

# image_command [VAR=VALUE...] -- COMMAND... — sets IMAGE_CMD to run COMMAND in the image as a
# runtime would start it: the image's uid:gid, working directory and environment (plus the VARs,
# which win) only, the root file system read-only, /proc, /sys and a minimal /dev. The mounts live
# in a private mount namespace that ends with it; every step execs, so its pid is COMMAND's.
image_command() {
  local extra=()
  while [[ "$1" != -- ]]; do extra+=("$1"); shift; done
  shift
  IMAGE_CMD=(unshare --mount --propagation private -- bash -c '
    set -euo pipefail
    root="$1" user="$2" workdir="$3"
    shift 3
    mount --bind "$root" "$root"
    mount -o remount,bind,ro "$root"
    mount -t proc -o nosuid,nodev,noexec proc "$root/proc"
    mount -t sysfs -o ro,nosuid,nodev,noexec sysfs "$root/sys"
    mount -t tmpfs -o nosuid,noexec,mode=0755,size=64k tmpfs "$root/dev"
    for d in null zero full random urandom tty; do
      : >"$root/dev/$d"
      mount --bind "/dev/$d" "$root/dev/$d"
    done
    ln -s /proc/self/fd "$root/dev/fd"
    ln -s /proc/self/fd/0 "$root/dev/stdin"
    ln -s /proc/self/fd/1 "$root/dev/stdout"
    ln -s /proc/self/fd/2 "$root/dev/stderr"
    exec chroot --userspec="$user" "$root" /usr/bin/env -i -C "$workdir" "$@"
  ' in-image "$root" "$uid:$gid" "${cfg[workdir]}" "${image_env[@]}" "${extra[@]}" "$@")
}
run_in_image() {
  image_command "$@"
  "${IMAGE_CMD[@]}"
}

# expect_success NAME COMMAND... — fail with the command's last stderr line unless it exits 0
expect_success() {
  local name="$1" rc=0
  shift
  "$@" >"$tmp/out" 2>"$tmp/err" || rc=$?
  if ((rc != 0)); then
    tail -n 5 "$tmp/err" >&2
    fail "$name exited $rc in the image: $(tail -n 1 "$tmp/err")"
  fi
}

step "vextrus-flow version (as $uid:$gid, read-only root)"
expect_success "version" run_in_image -- "${entrypoint[@]}" version
[[ "$(<"$tmp/out")" == "vextrus-flow ${cfg[version]}" ]] ||
  fail "version printed '$(head -c 200 "$tmp/out")', the label says ${cfg[version]}"

# The service's own settings for the rest: the test brokers (the image says VEXTRUS_ENV=production,
# which refuses the embedded one) and a throwaway database owned by vextrus_owner, as
# deploy/sql/roles.sql sets up vextrus.
db="vx_image_$(date +%s)_$$"
step "vextrus-flow validate-event with the image's config and policy"
service_env=(VEXTRUS_KAFKA_BROKERS="${VEXTRUS_KAFKA_BROKERS:-127.0.0.1:$KAFKA_PORT}"
  VEXTRUS_PG_DSN="$(with_db "$VEXTRUS_PG_DSN" "$db")"
  VEXTRUS_PG_OWNER_DSN="$(with_db "$VEXTRUS_PG_OWNER_DSN" "$db")")
config_args=()
for ((i = 0; i + 1 < ${#cmd[@]}; i++)); do
  [[ "${cmd[i]}" != --config ]] || config_args=(--config "${cmd[i + 1]}")
done
head -n 1 config/samples/purchase-orders.ndjson >"$tmp/event.json"
expect_success "validate-event" run_in_image "${service_env[@]}" -- \
  "${entrypoint[@]}" validate-event "${config_args[@]}" <"$tmp/event.json"
grep -q '"entity_id":"PO-2025-000123"' "$tmp/out" ||
  fail "validate-event printed '$(head -c 200 "$tmp/out")', not the normalised sample event"

step "vextrus-flow migrate into the throwaway database $db"
psql_ "$VEXTRUS_TEST_PG_SUPER_DSN" -c "CREATE DATABASE $db OWNER vextrus_owner" >/dev/null 2>"$tmp/err" ||
  { db=""; fail "CREATE DATABASE: $(head -n 1 "$tmp/err")"; }
super_db="$(with_db "$VEXTRUS_TEST_PG_SUPER_DSN" "$db")"
psql_ "$super_db" -c "ALTER SCHEMA public OWNER TO vextrus_owner" -c "REVOKE CREATE ON SCHEMA public FROM PUBLIC" \
  -c "GRANT USAGE ON SCHEMA public TO vextrus_runtime" >/dev/null 2>"$tmp/err" ||
  fail "preparing $db: $(head -n 1 "$tmp/err")"
expect_success "migrate" run_in_image "${service_env[@]}" -- "${entrypoint[@]}" migrate "${config_args[@]}"

# What migrations/ says should be there: every version, and every table created and not dropped.
versions="$(find migrations -maxdepth 1 -name '[0-9]*.sql' -printf '%f\n' | sed 's/_.*//; s/^0*//' | sort -n | paste -sd' ')"
tables="$(sed -n 's/^ *CREATE TABLE\( IF NOT EXISTS\)\{0,1\} \([a-z_][a-z0-9_]*\).*/\2/Ip' migrations/*.sql | sort -u)"
dropped="$(sed -n 's/^ *DROP TABLE\( IF EXISTS\)\{0,1\} \([a-z_][a-z0-9_]*\).*/\2/Ip' migrations/*.sql | sort -u)"
tables="$(comm -23 <(echo "$tables") <(echo "$dropped") | paste -sd' ')"
schema_state() {
  psql_ "$super_db" -c "SELECT string_agg(version::text, ' ' ORDER BY version) FROM schema_migrations" \
    -c "SELECT coalesce(string_agg(t, ' '), '') FROM unnest(string_to_array('$tables', ' ')) t WHERE to_regclass('public.' || t) IS NULL" \
    -c "SELECT coalesce(string_agg(tablename, ' '), '') FROM pg_tables WHERE schemaname = 'public' AND tableowner <> 'vextrus_owner'" \
    -c "SELECT max(applied_at) FROM schema_migrations"
}
schema_state >"$tmp/state1" 2>"$tmp/err" || fail "reading the schema of $db: $(head -n 1 "$tmp/err")"
mapfile -t state <"$tmp/state1"
[[ "${state[0]}" == "$versions" ]] ||
  fail "migrate applied versions '${state[0]}', migrations/ has '$versions' (is build/vextrus-flow older than the checkout? it embeds its migrations)"
[[ -z "${state[1]}" ]] || fail "tables missing after migrate: ${state[1]}"
[[ -z "${state[2]}" ]] || fail "tables not owned by vextrus_owner: ${state[2]}"
say "schema_migrations: $versions; tables: $tables"

step "vextrus-flow migrate again (nothing to do)"
expect_success "second migrate" run_in_image "${service_env[@]}" -- "${entrypoint[@]}" migrate "${config_args[@]}"
schema_state >"$tmp/state2" 2>"$tmp/err" || fail "reading the schema of $db: $(head -n 1 "$tmp/err")"
cmp -s "$tmp/state1" "$tmp/state2" || fail "the second migrate changed schema_migrations: $(paste -sd' ' "$tmp/state2")"

# The default command, as the image would start, but with the embedded broker (nothing on the
# shared one) and loopback ports of its own.
free_port() {
  node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}
http_port="$(free_port)"
step "vextrus-flow ${cmd[*]} (the image's command; embedded broker): ready, then SIGTERM"
image_command "${service_env[@]}" VEXTRUS_ENV=development VEXTRUS_KAFKA_BROKERS=embedded \
  VEXTRUS_KAFKA_EMBEDDED_PORT="$(free_port)" VEXTRUS_HTTP_ADDR="127.0.0.1:$http_port" -- "${entrypoint[@]}" "${cmd[@]}"
"${IMAGE_CMD[@]}" </dev/null >"$tmp/run.out" 2>"$tmp/run.err" &
service_pid=$!
# Whether a child runs (kill -0 would also count it once it exited and is not yet waited for).
alive() {
  local state
  state="$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1)" || return 1
  [[ -n "$state" && "$state" != Z ]]
}
code=""
for ((i = 0; i < 120; i++)); do  # 30 s
  alive "$service_pid" || break
  code="$(curl -s -o /dev/null -m 2 -w '%{http_code}' "http://127.0.0.1:$http_port/health/ready" || true)"
  [[ "$code" != 200 ]] || break
  sleep 0.25
done
if [[ "$code" != 200 ]]; then
  tail -n 5 "$tmp/run.err" >&2
  alive "$service_pid" || fail "run exited before it was ready: $(tail -n 1 "$tmp/run.err")"
  fail "run was not ready within 30 s (/health/ready: ${code:-no answer}): $(tail -n 1 "$tmp/run.err")"
fi
[[ "$(stat -c %u "/proc/$service_pid")" == "$uid" ]] || fail "the service runs as uid $(stat -c %u "/proc/$service_pid"), not $uid"
kill -TERM "$service_pid"
for ((i = 0; i < 60; i++)); do  # 15 s
  alive "$service_pid" || break
  sleep 0.25
done
if alive "$service_pid"; then fail "run did not exit within 15 s of SIGTERM"; fi
rc=0
wait "$service_pid" || rc=$?
service_pid=""
((rc == 0)) || { tail -n 5 "$tmp/run.err" >&2; fail "run exited $rc after SIGTERM: $(tail -n 1 "$tmp/run.err")"; }

step "passed: image ${cfg[manifest]} ($tag)"
