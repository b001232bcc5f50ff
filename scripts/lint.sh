#!/usr/bin/env bash
# scripts/lint.sh [format|tidy] — the C++ checks that need no build (scripts/test.sh runs them
# before building). Both run by default, on the C++ files (*.cpp, *.hpp) of the repository,
# tracked or new (build directories and generated files are ignored by git, so not among them):
#   format  clang-format --dry-run --Werror with the repository's .clang-format: every file, the
#           tests' too, as clang-format would write it. Fix a file with `clang-format -i FILE...`.
#   tidy    clang-tidy with the small profile of .clang-tidy (every finding an error) over the
#           .cpp files outside tests/, 2 at a time (VEXTRUS_LINT_JOBS), with the compile commands of a
#           configure-only CMake tree in $LOCAL_DIR/lint. A file found clean is remembered in
#           $VEXTRUS_CACHE/clang-tidy under a hash of its translation unit preprocessed by clang++
#           (the file and every header it includes, comments and so NOLINTs kept), its compile
#           command, .clang-tidy and the clang-tidy version: it is checked again only when one of
#           them changes. Headers are checked where a .cpp file includes them.
# Exits non-zero on any finding, naming the file and the command that reproduces it.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_ROOT"
say() { echo "lint: $*" >&2; }
die() { say "error: $*"; exit 2; }
what="${1:-all}"
[[ "$what" =~ ^(all|format|tidy)$ ]] || die "usage: scripts/lint.sh [format|tidy]"
for tool in clang-format clang-tidy clang++; do
  command -v "$tool" >/dev/null || die "$tool not found; run scripts/setup.sh"
done
t0=$SECONDS
failed=0

all=()      # every C++ file: formatted
sources=()  # those outside tests/: also tidied
while IFS= read -r -d '' file; do
  [[ -f "$file" ]] || continue  # a tracked file deleted in the working tree is gone
  all+=("$file")
  [[ "$file" == tests/* ]] || sources+=("$file")
done < <(git ls-files -z --cached --others --exclude-standard -- '*.cpp' '*.hpp')
((${#sources[@]})) || die "no C++ sources found"
scratch="$(mktemp -d /tmp/vextrus-lint.XXXXXX)"
trap 'rm -rf "$scratch"' EXIT

# --- format ----------------------------------------------------------------------------------------
if [[ "$what" != tidy ]]; then
  # One line per file that clang-format would change.
  printf '%s\0' "${all[@]}" |
    xargs -0 -n 20 -P 2 sh -c 'for f; do clang-format --dry-run --Werror "$f" >/dev/null 2>&1 || echo "$f"; done' _ |
    sort >"$scratch/unformatted"
  if [[ -s "$scratch/unformatted" ]]; then
    failed=1
    count="$(wc -l <"$scratch/unformatted")"
    say "clang-format: $count of ${#all[@]} files are not formatted as .clang-format says:"
    sed 's/^/  /' "$scratch/unformatted" >&2
    first="$(head -1 "$scratch/unformatted")"
    say "the changes clang-format would make to $first:"
    clang-format "$first" | diff -u "$first" - | head -40 >&2 || true
    say "format them with: clang-format -i $(tr '\n' ' ' <"$scratch/unformatted")"
  else
    say "clang-format: ${#all[@]} files formatted ($((SECONDS - t0)) s)"
  fi
fi

# --- tidy ------------------------------------------------------------------------------------------
if [[ "$what" != format ]]; then
  t1=$SECONDS
  db="$LOCAL_DIR/lint"
  # Configure only (a second or two): the compile commands of every non-test source, benchmarks
  # and integration support included. With clang++, the compiler whose parser clang-tidy is: its
  # commands carry the -std flag (g++ 12's default dialect is C++17, so CMake gives it none, while
  # clang 14 would parse C++14). No -Werror: the compiler's own warnings are not the lint's.
  cmake -S . -B "$db" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=Release -DCMAKE_EXPORT_COMPILE_COMMANDS=ON \
    -DVEXTRUS_WERROR=OFF -DVEXTRUS_BUILD_BENCH=ON -DVEXTRUS_INTEGRATION_TESTS=ON >"$scratch/cmake.log" 2>&1 ||
    { cat "$scratch/cmake.log" >&2; die "cmake could not configure $db"; }
  cpp=()
  for file in "${sources[@]}"; do [[ "$file" == *.cpp ]] && cpp+=("$file"); done
  # Headers of the project's own directories (not tests/ nor build directories) are checked too.
  dirs="$(printf '%s\n' "${sources[@]}" | sed -n 's|^\([^/]*\)/.*|\1|p' | sort -u | paste -sd '|')"
  header_filter="^$(sed 's/[][\.*^$+?(){}|]/\\&/g' <<<"$REPO_ROOT")/($dirs)/"
  # file<TAB>directory<TAB>command of each source, from compile_commands.json (its first entry
  # when several targets compile the file).
  printf '%s\n' "${cpp[@]}" | node -e '
    const fs = require("fs"), path = require("path");
    const [dbFile, root] = process.argv.slice(1);
    const entries = new Map();
    for (const e of JSON.parse(fs.readFileSync(dbFile, "utf8"))) {
      const file = path.resolve(e.directory, e.file);
      if (!entries.has(file)) entries.set(file, e);
    }
    const wanted = fs.readFileSync(0, "utf8").split("\n").filter(Boolean);
    const missing = [];
    for (const f of wanted) {
      const e = entries.get(path.resolve(root, f));
      if (!e) { missing.push(f); continue; }
      const command = e.command || e.arguments.map((a) => JSON.stringify(a)).join(" ");
      console.log([f, e.directory, command.replace(/[\t\n]/g, " ")].join("\t"));
    }
    if (missing.length) {
      console.error("lint: error: no CMake target compiles " + missing.join(", ") + "; add it to one, or delete it");
      process.exit(1);
    }' "$db/compile_commands.json" "$REPO_ROOT" >"$scratch/units" || exit 2

  cache="$VEXTRUS_CACHE/clang-tidy"
  mkdir -p "$cache"
  find "$cache" -type f -mtime +30 -delete  # results not used for a month
  # What every result depends on besides the unit itself.
  salt="$( (clang-tidy --version; clang++ --version; cat .clang-tidy; echo "$header_filter") | sha256sum | cut -c1-64)"
  total="${#cpp[@]}"
  export REPO_ROOT db cache salt header_filter scratch total
  # tidy_one INDEX FILE DIRECTORY COMMAND — one line of progress; "clean", "cached" or "findings"
  # in $scratch/result.INDEX, clang-tidy's output in $scratch/out.INDEX.
  tidy_one() {
    local index="$1" file="$2" directory="$3" command="$4" t=$SECONDS key
    local -a argv pre
    eval "argv=($command)"
    # The compiler becomes clang++ (clang-tidy's parser), -c and -o OUT become -E -C -o -.
    pre=(clang++)
    local i
    for ((i = 1; i < ${#argv[@]}; i++)); do
      case "${argv[i]}" in
        -c) ;;
        -o) i=$((i + 1)) ;;
        *) pre+=("${argv[i]}") ;;
      esac
    done
    set -o pipefail
    if ! key="$({ echo "$salt"; echo "$command"; (cd "$directory" && "${pre[@]}" -E -C -o - 2>/dev/null); } |
        sha256sum | cut -c1-64)"; then
      key=""  # not preprocessed (clang-tidy will say why): checked, never cached
    fi
    if [[ -n "$key" && -f "$cache/$key" ]]; then
      touch "$cache/$key"
      echo cached >"$scratch/result.$index"
      return 0
    fi
    if clang-tidy --quiet -p "$db" --header-filter="$header_filter" "$REPO_ROOT/$file" >"$scratch/out.$index" 2>&1 &&
        ! grep -qE '(warning|error): ' "$scratch/out.$index"; then
      [[ -n "$key" ]] && : >"$cache/$key"
      echo clean >"$scratch/result.$index"
      echo "lint: clang-tidy [$index/$total] $file: clean ($((SECONDS - t)) s)" >&2
    else
      echo findings >"$scratch/result.$index"
      echo "lint: clang-tidy [$index/$total] $file: FINDINGS ($((SECONDS - t)) s)" >&2
    fi
  }
  export -f tidy_one
  say "clang-tidy: ${#cpp[@]} files, ${VEXTRUS_LINT_JOBS:-2} at a time; each file checked is listed (a file unchanged since found clean is not: $cache)"
  awk -F'\t' '{printf "%d\t%s\n", NR, $0}' "$scratch/units" | tr '\n' '\0' |
    xargs -0 -n 1 -P "${VEXTRUS_LINT_JOBS:-2}" bash -c 'IFS=$'"'"'\t'"'"' read -r i f d c <<<"$1"; tidy_one "$i" "$f" "$d" "$c"' _
  found=()
  cached=0
  for ((index = 1; index <= total; index++)); do
    result="$(cat "$scratch/result.$index" 2>/dev/null || echo findings)"
    [[ "$result" == cached ]] && cached=$((cached + 1))
    [[ "$result" == findings ]] || continue
    file="$(sed -n "${index}p" "$scratch/units" | cut -f1)"
    found+=("$file")
    echo "--- clang-tidy: $file" >&2
    grep -vE '^[0-9]+ (warning|error)s? (and [0-9]+ errors? )?generated\.$' "$scratch/out.$index" >&2 || true
  done
  if ((${#found[@]})); then
    failed=1
    say "clang-tidy: findings (above) in ${#found[@]} of $total files: ${found[*]}"
    say "reproduce one with: clang-tidy -p ${db#"$REPO_ROOT"/} --header-filter='$header_filter' ${found[0]}"
    say "(${db#"$REPO_ROOT"/} is the compile database this script configured)"
    say "fix the code; a false positive gets // NOLINT(check-name) with the reason beside it"
  else
    say "clang-tidy: $total files clean, $cached of them from the cache ($((SECONDS - t1)) s)"
  fi
fi
exit "$failed"
