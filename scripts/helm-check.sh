#!/usr/bin/env bash
# scripts/helm-check.sh — checks the Helm chart deploy/helm/vextrus-flow with real tools:
#   1. helm, built once from its Go module (helm.sh/helm/v3, through the Go module proxy) into
#      $VEXTRUS_CACHE, with the Kubernetes version its client-go names, as its release builds;
#   2. the chart's copies of deploy/prometheus/alerts.yaml and config/policy/bd-default.yaml are
#      identical to them (one source of truth);
#   3. the schema validator's self-test: deliberately broken objects must be rejected;
#   4. `helm lint --strict` and `helm template` with the default values and each values-*.yaml,
#      plus the variants of tests/k8s-schemas/variants (ok-*: must render; fail-*: must be
#      refused); every rendered object, hooks included, validated against the Kubernetes, KEDA
#      and prometheus-operator schemas (tests/k8s-schemas/validate.mjs: npm kubernetes-models and
#      @kubernetes-models/*, pinned by tests/k8s-schemas/package-lock.json, installed once under
#      $VEXTRUS_CACHE), every object of the core kinds decoded into k8s.io/api's types with
#      unknown fields refused (tests/k8s-strict, Go; a misspelt field passes the schemas above),
#      the chart's promises asserted on it (tests/k8s-schemas/facts.mjs), and,
#      when build/vextrus-flow exists (VEXTRUS_BINARY), the binary made to read each container's
#      configuration, policy files and environment (tests/k8s-schemas/config-check.mjs).
# Needs Go (GO=..., else `go` on PATH, else /usr/local/go/bin/go) and Node with npm.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_ROOT"

HELM_VERSION=v3.22.0
CHART=deploy/helm/vextrus-flow
RELEASE=vextrus-flow
NAMESPACE=vextrus
t0=$SECONDS
say() { echo "helm-check: $* ($((SECONDS - t0))s)" >&2; }

# --- 1. helm from its Go module -------------------------------------------------------------
GO="${GO:-$(command -v go || echo /usr/local/go/bin/go)}"
# Module and build caches under $VEXTRUS_CACHE, writable so that rm -rf can clear them; the
# machine's Go only (helm $HELM_VERSION needs go 1.26).
export GOMODCACHE="$VEXTRUS_CACHE/go/mod" GOCACHE="$VEXTRUS_CACHE/go/build" GOFLAGS=-modcacherw GOTOOLCHAIN=local
[[ -x "$GO" ]] || { echo "helm-check: Go is needed to build helm $HELM_VERSION and tests/k8s-strict (set GO=/path/to/go)" >&2; exit 1; }
helm_dir="$VEXTRUS_CACHE/helm-$HELM_VERSION"
helm="$helm_dir/bin/helm"
build_helm() {
  local gomod client_go kube_minor ldflags pkg
  gomod="$("$GO" mod download -json "helm.sh/helm/v3@$HELM_VERSION" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",$/\1/p')"
  # As helm's Makefile does: client-go v0.X.Y means Kubernetes 1.X, the default for lint and
  # template (a bare `go install` would say v1.20).
  client_go="$(awk '$1 == "k8s.io/client-go" { print $2 }' "$gomod")"
  kube_minor="$(echo "$client_go" | cut -d. -f2)"
  [[ "$client_go" == v0.* && -n "$kube_minor" ]] || { echo "helm-check: no k8s.io/client-go version in $gomod" >&2; exit 1; }
  ldflags="-s -w -X helm.sh/helm/v3/internal/version.version=$HELM_VERSION"
  for pkg in helm.sh/helm/v3/pkg/chartutil helm.sh/helm/v3/pkg/lint/rules; do
    ldflags+=" -X $pkg.k8sVersionMajor=1 -X $pkg.k8sVersionMinor=$kube_minor"
  done
  CGO_ENABLED=0 GOBIN="$helm_dir/bin" "$GO" install -trimpath -ldflags "$ldflags" "helm.sh/helm/v3/cmd/helm@$HELM_VERSION" 2>&1 |
    { grep -v '^go: downloading ' || true; } >&2
}
cache_once "$helm_dir" "$HELM_VERSION" \
  "helm-check: building helm $HELM_VERSION from its Go module into $helm_dir (the first time takes minutes: about 3 on 2 cores)" \
  build_helm
# Helm's own state (plugins, repositories) stays out of $HOME.
HELM_HOME_DIR="$(mktemp -d)"
trap 'rm -rf "$HELM_HOME_DIR"' EXIT
export HELM_CACHE_HOME="$HELM_HOME_DIR/cache" HELM_CONFIG_HOME="$HELM_HOME_DIR/config" HELM_DATA_HOME="$HELM_HOME_DIR/data"
say "helm $("$helm" version --template '{{.Version}}, built with {{.GoVersion}}')"

# --- 2. one source of truth for the chart's copies ----------------------------------------------
cmp deploy/prometheus/alerts.yaml "$CHART/files/alerts.yaml" ||
  { echo "helm-check: $CHART/files/alerts.yaml differs from deploy/prometheus/alerts.yaml: cp deploy/prometheus/alerts.yaml $CHART/files/" >&2; exit 1; }
cmp config/policy/bd-default.yaml "$CHART/files/policy/bd-default.yaml" ||
  { echo "helm-check: $CHART/files/policy/bd-default.yaml differs from config/policy/bd-default.yaml: cp config/policy/bd-default.yaml $CHART/files/policy/" >&2; exit 1; }

# --- 3. the validator and its self-test -------------------------------------------------------
# kubernetes-models declares node >= 22; it runs on the machine's Node 20 (the self-test proves
# it can still tell broken objects from good ones).
npm_packages tests/k8s-schemas --engine-strict=false
node_dir="$NPM_DIR"
cp tests/k8s-schemas/validate.mjs tests/k8s-schemas/facts.mjs tests/k8s-schemas/config-check.mjs "$node_dir/"
validate() { node "$node_dir/validate.mjs" "$@"; }
facts() { node "$node_dir/facts.mjs" --chart "$CHART" --alerts deploy/prometheus/alerts.yaml --release "$RELEASE" "$@"; }
# The service's binary, when built (scripts/test.sh builds it first): it must accept what each
# container of a render gets (tests/k8s-schemas/config-check.mjs).
binary="${VEXTRUS_BINARY:-build/vextrus-flow}"
config_check() {
  if [[ -x "$binary" ]]; then node "$node_dir/config-check.mjs" "$binary" "$1"; fi
}

# The strict decoder of the core kinds (tests/k8s-strict: k8s.io/api's types, unknown fields
# refused), built with the same Go and caches, again only when its sources change.
strict_sum="$(cat tests/k8s-strict/go.mod tests/k8s-strict/go.sum tests/k8s-strict/main.go | sha256sum | cut -c1-16)"
strict="$VEXTRUS_CACHE/k8s-strict/k8s-strict"
build_strict() { (cd tests/k8s-strict && CGO_ENABLED=0 "$GO" build -trimpath -o "$strict" .); }
cache_once "$VEXTRUS_CACHE/k8s-strict" "$strict_sum" "helm-check: building tests/k8s-strict (k8s.io/api types)" build_strict

say "self-test: broken objects must be rejected, good ones accepted"
validate --expect-invalid tests/k8s-schemas/self-test/broken.yaml >/dev/null
validate tests/k8s-schemas/self-test/valid.yaml >/dev/null
if "$strict" tests/k8s-strict/self-test/misspelt.yaml >/dev/null 2>&1; then
  echo "helm-check: k8s-strict accepted tests/k8s-strict/self-test/misspelt.yaml (a misspelt field)" >&2
  exit 1
fi
"$strict" tests/k8s-schemas/self-test/valid.yaml >/dev/null

# --- 4. lint, render, validate, assert ----------------------------------------------------------
out="$(mktemp -d)"
trap 'rm -rf "$HELM_HOME_DIR" "$out"' EXIT
renders=()
# render NAME [FACTS OPTIONS] -- [VALUES FILES]: lint, render, and assert the facts.
render() {
  local name="$1"; shift
  local -a fact_options=() values=()
  while [[ $# -gt 0 && "$1" != -- ]]; do fact_options+=("$1"); shift; done
  [[ $# -gt 0 ]] && shift
  for file in "$@"; do values+=(-f "$file"); done
  "$helm" lint --strict "$CHART" "${values[@]}" --namespace "$NAMESPACE" >"$out/lint.txt" 2>&1 ||
    { cat "$out/lint.txt" >&2; echo "helm-check: helm lint --strict failed for $name" >&2; exit 1; }
  "$helm" template "$RELEASE" "$CHART" "${values[@]}" --namespace "$NAMESPACE" >"$out/$name.yaml"
  facts "${values[@]}" "${fact_options[@]}" "$out/$name.yaml"
  config_check "$out/$name.yaml"
  renders+=("$out/$name.yaml")
}

[[ -x "$binary" ]] || say "note: no $binary, so the binary's own check of each render's configuration is skipped"
say "lint, render and assert: default values, the three environments, the variants"
render defaults
render dev --forbid ScaledObject,HorizontalPodAutoscaler,ServiceMonitor,PrometheusRule,PodDisruptionBudget -- "$CHART/values-dev.yaml"
render staging --require HorizontalPodAutoscaler,ServiceMonitor,PrometheusRule,PodDisruptionBudget --forbid ScaledObject,Secret -- "$CHART/values-staging.yaml"
render prod --require ScaledObject,TriggerAuthentication,PodDisruptionBudget,ServiceMonitor,PrometheusRule,NetworkPolicy --forbid HorizontalPodAutoscaler,Secret -- "$CHART/values-prod.yaml"
for variant in tests/k8s-schemas/variants/ok-*.yaml; do
  render "$(basename "$variant" .yaml)" -- "$variant"
done

say "every rendered object against the Kubernetes, KEDA and prometheus-operator schemas"
validate "${renders[@]}"
say "every core object decoded strictly into k8s.io/api's types (unknown fields refused)"
"$strict" "${renders[@]}"

refused=0
for variant in tests/k8s-schemas/variants/fail-*.yaml; do
  # The first line of each says what the refusal must contain: "# refused: TEXT".
  want="$(sed -n '1s/^# refused: //p' "$variant")"
  [[ -n "$want" ]] || { echo "helm-check: $variant lacks its '# refused: TEXT' first line" >&2; exit 1; }
  if "$helm" template "$RELEASE" "$CHART" -f "$variant" --namespace "$NAMESPACE" >"$out/refused.yaml" 2>"$out/refused.txt"; then
    echo "helm-check: $variant rendered, but the chart must refuse it ($want)" >&2
    exit 1
  fi
  grep -qF -- "$want" "$out/refused.txt" ||
    { cat "$out/refused.txt" >&2; echo "helm-check: $variant was refused, but not for '$want'" >&2; exit 1; }
  refused=$((refused + 1))
done

say "done: ${#renders[@]} renders linted, validated and asserted; $refused bad values refused as they should be"
echo "helm-check: $((${#renders[@]} + refused)) passed, 0 failed"
