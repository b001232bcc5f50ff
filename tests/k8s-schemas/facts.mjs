// node facts.mjs --chart DIR [-f VALUES.yaml]... [--require KIND,...] [--forbid KIND,...]
//                 --alerts ALERTS.yaml --release NAME RENDERED.yaml
//
// Asserts what the vextrus-flow chart promises about a rendered release (`helm template` output,
// hooks included), reading the values the same way Helm merges them (the chart's values.yaml,
// then each -f file): the three probes, the non-root read-only security context of every pod, the
// migrations hook with the owner DSN and a service that never sees it, the audit CronJob's name
// against the audit alerts' patterns and its podFailurePolicy (exit 1 alone fails the Job), HPA and KEDA never both, ServiceMonitor/PrometheusRule/PDB
// exactly when their values say so, the process caps against the partition count, and the
// selectors that tie Service, PDB, NetworkPolicy and ServiceMonitor to the pods.

import { readFileSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import YAML from "yaml";

const argv = process.argv.slice(2);
const options = { values: [], require: [], forbid: [] };
let rendered;
for (let i = 0; i < argv.length; ++i) {
  const arg = argv[i];
  if (arg === "--chart") options.chart = argv[++i];
  else if (arg === "-f") options.values.push(argv[++i]);
  else if (arg === "--require") options.require.push(...argv[++i].split(",").filter(Boolean));
  else if (arg === "--forbid") options.forbid.push(...argv[++i].split(",").filter(Boolean));
  else if (arg === "--alerts") options.alerts = argv[++i];
  else if (arg === "--release") options.release = argv[++i];
  else rendered = arg;
}
if (!options.chart || !options.alerts || !options.release || !rendered) {
  console.error("usage: node facts.mjs --chart DIR [-f VALUES]... [--require K,..] [--forbid K,..] --alerts FILE --release NAME RENDERED.yaml");
  process.exit(2);
}

// Helm's merge: maps merge key by key, anything else (lists included) is replaced, null deletes.
function merge(base, override) {
  if (!isMap(base) || !isMap(override)) return structuredClone(override);
  const out = structuredClone(base);
  for (const [key, value] of Object.entries(override)) {
    if (value === null) delete out[key];
    else out[key] = key in out ? merge(out[key], value) : structuredClone(value);
  }
  return out;
}
const isMap = (x) => x !== null && typeof x === "object" && !Array.isArray(x);
const load = (file) => YAML.parse(readFileSync(file, "utf8")) ?? {};

let V = load(`${options.chart}/values.yaml`);
for (const file of options.values) V = merge(V, load(file));

const objects = YAML.parseAllDocuments(readFileSync(rendered, "utf8"))
  .map((d) => d.toJS())
  .filter((o) => o && typeof o === "object");

const failures = [];
const check = (condition, message) => {
  if (!condition) failures.push(message);
  return Boolean(condition);
};
const ofKind = (kind) => objects.filter((o) => o.kind === kind);
const one = (kind, name) => {
  const found = ofKind(kind).filter((o) => name === undefined || o.metadata?.name === name);
  check(found.length === 1, `expected one ${kind}${name ? ` named ${name}` : ""}, found ${found.length}`);
  return found[0];
};
const matches = (selector, labels) =>
  Object.entries(selector ?? {}).every(([k, v]) => labels?.[k] === v) && Object.keys(selector ?? {}).length > 0;
const envOf = (container) => new Map((container?.env ?? []).map((e) => [e.name, e]));
const secretRef = (entry) => entry?.valueFrom?.secretKeyRef;

const fullname = V.fullnameOverride || (options.release.includes(V.nameOverride || "vextrus-flow")
  ? options.release : `${options.release}-${V.nameOverride || "vextrus-flow"}`).slice(0, 40).replace(/-+$/, "");
const keys = V.secret.keys;
const runtimeSecret = V.secret.existingSecret || fullname;
const ownerSecret = V.migrations.existingSecret || V.secret.existingSecret || `${fullname}-migrate`;
const kedaOn = Boolean(V.keda.enabled);
const hpaOn = Boolean(V.autoscaling.enabled) && !kedaOn;
const minReplicas = kedaOn ? V.keda.minReplicas : V.autoscaling.enabled ? V.autoscaling.minReplicas : V.replicaCount;

// Every pod template of the release: the service, the migrations Job, the audit CronJob.
function podTemplates() {
  const out = [];
  for (const o of objects) {
    if (o.kind === "Deployment" || o.kind === "Job") out.push([`${o.kind}/${o.metadata.name}`, o.spec.template]);
    if (o.kind === "CronJob") out.push([`CronJob/${o.metadata.name}`, o.spec.jobTemplate.spec.template]);
  }
  return out;
}

// --- every pod: non-root, read-only root, no capabilities, no token, /tmp from an emptyDir -----
for (const [where, template] of podTemplates()) {
  const pod = template.spec;
  const psc = pod.securityContext ?? {};
  check(psc.runAsNonRoot === true && psc.runAsUser === 10001, `${where}: pod must run as non-root uid 10001`);
  check(psc.seccompProfile?.type === "RuntimeDefault", `${where}: pod seccompProfile must be RuntimeDefault`);
  check(pod.automountServiceAccountToken === false, `${where}: automountServiceAccountToken must be false`);
  const volumes = new Map((pod.volumes ?? []).map((v) => [v.name, v]));
  for (const c of [...(pod.initContainers ?? []), ...pod.containers]) {
    const sc = c.securityContext ?? {};
    check(sc.readOnlyRootFilesystem === true, `${where}/${c.name}: readOnlyRootFilesystem must be true`);
    check(sc.allowPrivilegeEscalation === false, `${where}/${c.name}: allowPrivilegeEscalation must be false`);
    check(sc.runAsNonRoot === true, `${where}/${c.name}: runAsNonRoot must be true`);
    check(sc.capabilities?.drop?.includes("ALL") && !(sc.capabilities?.add ?? []).length,
      `${where}/${c.name}: must drop ALL capabilities and add none`);
    const tmp = (c.volumeMounts ?? []).find((m) => m.mountPath === "/tmp");
    check(tmp && volumes.get(tmp.name)?.emptyDir, `${where}/${c.name}: /tmp must be an emptyDir (the root is read-only)`);
    check(!c.envFrom, `${where}/${c.name}: no envFrom (each secret key is referenced by name)`);
    check(c.resources?.requests?.memory && c.resources?.limits?.memory, `${where}/${c.name}: memory request and limit`);
  }
}

// --- the service ---------------------------------------------------------------------------
const deployment = one("Deployment", fullname);
if (deployment) {
  const pod = deployment.spec.template;
  const container = pod.spec.containers.find((c) => c.name === "vextrus-flow");
  check(container, "Deployment: no container named vextrus-flow (the TriggerAuthentication reads its env)");
  const env = envOf(container);
  check(container?.args?.[0] === "run", "Deployment: the container must run `run`");
  const httpPort = container?.ports?.find((p) => p.name === "http");
  check(httpPort?.containerPort === 8080, "Deployment: port http must be 8080");
  check(env.get("VEXTRUS_HTTP_ADDR")?.value === "0.0.0.0:8080", "Deployment: VEXTRUS_HTTP_ADDR must be 0.0.0.0:8080");
  check(env.get("VEXTRUS_ENV")?.value === V.environment, "Deployment: VEXTRUS_ENV must be the environment value");
  check(env.get("VEXTRUS_KAFKA_BROKERS")?.value === V.kafka.brokers, "Deployment: VEXTRUS_KAFKA_BROKERS");
  check(env.get("VEXTRUS_KAFKA_GROUP")?.value === V.kafka.group, "Deployment: VEXTRUS_KAFKA_GROUP");
  for (const [probe, path] of [["startupProbe", "/health/startup"], ["livenessProbe", "/health/live"],
                               ["readinessProbe", "/health/ready"]]) {
    const get = container?.[probe]?.httpGet;
    check(get?.path === path && (get.port === "http" || get.port === 8080), `Deployment: ${probe} must GET ${path} on port http`);
  }
  // The runtime role only.
  const dsn = secretRef(env.get("VEXTRUS_PG_DSN"));
  check(dsn?.name === runtimeSecret && dsn?.key === keys.pgDsn, `Deployment: VEXTRUS_PG_DSN must come from ${runtimeSecret}/${keys.pgDsn}`);
  check(!env.has("VEXTRUS_PG_OWNER_DSN"), "Deployment: must not be given VEXTRUS_PG_OWNER_DSN");
  for (const c of [...(pod.spec.initContainers ?? []), ...pod.spec.containers]) {
    for (const e of c.env ?? []) {
      const ref = secretRef(e);
      check(!(ref && ref.key === keys.pgOwnerDsn), `Deployment/${c.name}: ${e.name} reads the owner DSN key ${keys.pgOwnerDsn}`);
      check(!(ref && ref.name === ownerSecret && ownerSecret !== runtimeSecret), `Deployment/${c.name}: ${e.name} reads the owner Secret ${ownerSecret}`);
    }
  }
  for (const v of pod.spec.volumes ?? []) {
    check(!(v.secret && [ownerSecret, runtimeSecret].includes(v.secret.secretName)),
      `Deployment: volume ${v.name} mounts the Secret ${v.secret?.secretName} (the owner DSN would be a file)`);
  }
  if (V.secret.existingSecret || V.secret.apiToken) {
    const token = secretRef(env.get("VEXTRUS_API_TOKEN"));
    check(token?.name === runtimeSecret && token?.key === keys.apiToken, "Deployment: VEXTRUS_API_TOKEN from the Secret");
  }
  // Configuration and policy files: ConfigMaps, read-only, VEXTRUS_POLICY inside the mount.
  const mounts = new Map((container?.volumeMounts ?? []).map((m) => [m.mountPath, m]));
  const volumes = new Map((pod.spec.volumes ?? []).map((v) => [v.name, v]));
  const policyMount = mounts.get("/etc/vextrus-flow/policy");
  check(policyMount?.readOnly === true && volumes.get(policyMount?.name)?.configMap, "Deployment: policy files from a ConfigMap, read-only");
  const configMount = mounts.get("/etc/vextrus-flow/config");
  check(configMount?.readOnly === true && volumes.get(configMount?.name)?.configMap, "Deployment: configuration file from a ConfigMap, read-only");
  const policies = (env.get("VEXTRUS_POLICY")?.value ?? "").split(",").filter(Boolean);
  check(policies.length > 0 && policies.every((p) => p.startsWith("/etc/vextrus-flow/policy/")), "Deployment: VEXTRUS_POLICY must name files in the policy mount");
  check(/^[0-9a-f]{64}$/.test(pod.metadata?.annotations?.["checksum/config"] ?? ""), "Deployment: checksum/config annotation (config changes roll the pods)");
  check(pod.spec.terminationGracePeriodSeconds >= 15, "Deployment: terminationGracePeriodSeconds must exceed the 10 s SIGTERM drain (>= 15)");
  if (kedaOn || V.autoscaling.enabled) check(deployment.spec.replicas === undefined, "Deployment: replicas must be left to the autoscaler");
  else check(deployment.spec.replicas === V.replicaCount, "Deployment: replicas must be replicaCount");

  // Policy ConfigMap holds the files VEXTRUS_POLICY names (unless it is an existing one).
  if (!V.policy.existingConfigMap) {
    const cm = one("ConfigMap", volumes.get(policyMount?.name)?.configMap?.name);
    for (const p of policies) check(cm?.data?.[p.split("/").pop()], `policy ConfigMap lacks ${p}`);
  }
}

// The config file's partition count caps every replica number.
const configMap = one("ConfigMap", `${fullname}-config`);
const config = configMap ? YAML.parse(configMap.data["vextrus-flow.yaml"]) : {};
const partitions = config?.kafka?.partitions;
check(Number.isInteger(partitions) && partitions === V.kafka.partitions, "config ConfigMap: kafka.partitions");
const inputTopics = [config?.kafka?.topics?.purchase_orders, config?.kafka?.topics?.invoices, config?.kafka?.topics?.onboarding];
if (!kedaOn && !V.autoscaling.enabled) check(V.replicaCount <= partitions, "replicaCount exceeds the partitions");

// --- migrations hook -----------------------------------------------------------------------
if (V.migrations.enabled) {
  const job = one("Job", `${fullname}-migrate`);
  if (job) {
    const hooks = (job.metadata.annotations?.["helm.sh/hook"] ?? "").split(",");
    check(hooks.includes("pre-install") && hooks.includes("pre-upgrade"), "migrate Job: must be a pre-install,pre-upgrade hook");
    const c = job.spec.template.spec.containers[0];
    check(isDeepStrictEqual(c.args, ["migrate"]), "migrate Job: args must be [migrate]");
    const env = envOf(c);
    const owner = secretRef(env.get("VEXTRUS_PG_OWNER_DSN"));
    check(owner?.name === ownerSecret && owner?.key === keys.pgOwnerDsn, `migrate Job: VEXTRUS_PG_OWNER_DSN from ${ownerSecret}/${keys.pgOwnerDsn}`);
    check(!env.has("VEXTRUS_PG_DSN"), "migrate Job: only the owner DSN");
    check(job.spec.template.spec.restartPolicy === "Never", "migrate Job: restartPolicy Never");
    const weight = Number(job.metadata.annotations?.["helm.sh/hook-weight"] ?? 0);
    const ownerSecretObject = ofKind("Secret").find((s) => s.metadata.name === ownerSecret);
    if (!V.migrations.existingSecret && !V.secret.existingSecret) {
      check(ownerSecretObject, `the chart must render the owner Secret ${ownerSecret}`);
      const secretHooks = (ownerSecretObject?.metadata.annotations?.["helm.sh/hook"] ?? "").split(",");
      check(secretHooks.includes("pre-install") && secretHooks.includes("pre-upgrade") &&
            Number(ownerSecretObject?.metadata.annotations?.["helm.sh/hook-weight"]) < weight,
        "owner Secret: a pre-install,pre-upgrade hook created before the Job");
    } else {
      check(!ownerSecretObject, "with an existing Secret the chart must not render the owner Secret");
    }
  }
} else {
  check(!ofKind("Job").length, "migrations.enabled=false: no Job");
}
for (const s of ofKind("Secret")) {
  const data = { ...(s.data ?? {}), ...(s.stringData ?? {}) };
  if (s.metadata.name !== ownerSecret) check(!(keys.pgOwnerDsn in data), `Secret ${s.metadata.name} must not hold the owner DSN`);
}
if (V.secret.existingSecret) check(!ofKind("Secret").some((s) => s.metadata.name === runtimeSecret), "existingSecret: the chart must not render it");

// --- audit verify CronJob ------------------------------------------------------------------
if (V.auditVerify.enabled) {
  const cron = one("CronJob", `${fullname}-audit-verify`);
  if (cron) {
    check(cron.metadata.name.length <= 52, "CronJob name longer than 52 characters");
    const c = cron.spec.jobTemplate.spec.template.spec.containers[0];
    check(isDeepStrictEqual(c.args.slice(0, 2), ["audit", "verify"]), "audit CronJob: must run `audit verify`");
    const env = envOf(c);
    const dsn = secretRef(env.get("VEXTRUS_PG_DSN"));
    check(dsn?.name === runtimeSecret && dsn?.key === keys.pgDsn, "audit CronJob: runtime DSN");
    check(!env.has("VEXTRUS_PG_OWNER_DSN") && !(c.env ?? []).some((e) => secretRef(e)?.key === keys.pgOwnerDsn), "audit CronJob: no owner DSN");
    check(cron.spec.failedJobsHistoryLimit >= 1, "audit CronJob: keep the failed Job (the alert reads it)");
    // The exit code decides the Job's failure reason, which the alerts read: exit 1 (a broken
    // chain) must fail the Job at once (reason PodFailurePolicy, VextrusAuditVerificationFailing);
    // exit 3 (could not verify), bad usage, a crash or a disrupted pod must not (they end as
    // BackoffLimitExceeded or DeadlineExceeded, VextrusAuditVerificationNotRun). The rules are
    // evaluated as the Job controller does: in order, the first that matches decides; none: Count.
    const job = cron.spec.jobTemplate.spec;
    check(job.template.spec.restartPolicy === "Never", "audit CronJob: restartPolicy Never (podFailurePolicy needs it)");
    const actionFor = (exitCode, podConditions = []) => {
      for (const rule of job.podFailurePolicy?.rules ?? []) {
        const codes = rule.onExitCodes;
        if (codes) {
          if (codes.containerName && codes.containerName !== c.name) continue;
          if ((codes.operator === "In") === codes.values.includes(exitCode)) return rule.action;
        } else if ((rule.onPodConditions ?? []).some((p) => podConditions.includes(p.type) && (p.status ?? "True") === "True")) {
          return rule.action;
        }
      }
      return "Count";
    };
    check(actionFor(1) === "FailJob", "audit CronJob: exit 1 (a broken chain) must fail the Job at once (podFailurePolicy FailJob)");
    for (const code of [2, 3, 134, 137, 143]) {
      check(actionFor(code) !== "FailJob", `audit CronJob: exit ${code} must not fail the Job as a broken chain would`);
    }
    check(actionFor(1, ["DisruptionTarget"]) !== "FailJob", "audit CronJob: a disrupted pod must not count as a broken chain");
    // The Jobs are <cronjob>-<minutes since the epoch>: the alert's job_name pattern must match
    // them for the release name that docs/operations.md gives (vextrus-flow).
    const alerts = load(options.alerts);
    const expr = alerts.groups.flatMap((g) => g.rules).find((r) => r.alert === "VextrusAuditVerificationFailing")?.expr ?? "";
    const pattern = /job_name=~"([^"]+)"/.exec(expr)?.[1];
    check(pattern, "alerts: VextrusAuditVerificationFailing has no job_name=~ pattern");
    if (pattern && fullname === "vextrus-flow") {
      check(new RegExp(`^(?:${pattern})$`).test(`${cron.metadata.name}-29391840`),
        `audit CronJob ${cron.metadata.name}: its Jobs do not match the alert's job_name=~"${pattern}"`);
    }
    // The alert for a verification that did not run reads the CronJob by name (its last
    // successful time) and its Jobs by name (their failure reasons).
    const notRun = alerts.groups.flatMap((g) => g.rules).find((r) => r.alert === "VextrusAuditVerificationNotRun")?.expr ?? "";
    const cronjobs = [...notRun.matchAll(/cronjob="([^"]+)"/g)].map((m) => m[1]);
    const jobPatterns = [...notRun.matchAll(/job_name=~"([^"]+)"/g)].map((m) => m[1]);
    check(cronjobs.length > 0 && jobPatterns.length > 0,
      "alerts: VextrusAuditVerificationNotRun must name the CronJob (cronjob=) and its Jobs (job_name=~)");
    if (fullname === "vextrus-flow") {
      check(cronjobs.every((name) => name === cron.metadata.name),
        `audit CronJob ${cron.metadata.name}: VextrusAuditVerificationNotRun reads cronjob ${cronjobs.join(", ")}`);
      check(jobPatterns.every((p) => new RegExp(`^(?:${p})$`).test(`${cron.metadata.name}-29391840`)),
        `audit CronJob ${cron.metadata.name}: its Jobs do not match VextrusAuditVerificationNotRun's job_name patterns`);
    }
  }
}

// --- autoscaling: HPA or KEDA, never both; caps at the partition count ---------------------
const hpas = ofKind("HorizontalPodAutoscaler");
const scaledObjects = ofKind("ScaledObject");
check(hpaOn ? hpas.length === 1 : hpas.length === 0, `HPA: expected ${hpaOn ? 1 : 0}, found ${hpas.length}`);
check(!(hpas.length && scaledObjects.length), "an HPA and a KEDA ScaledObject together fight over the replicas");
for (const h of hpas) {
  check(h.spec.scaleTargetRef.name === fullname && h.spec.scaleTargetRef.kind === "Deployment", "HPA: targets the Deployment");
  check(h.spec.maxReplicas <= partitions, `HPA: maxReplicas ${h.spec.maxReplicas} exceeds the ${partitions} partitions`);
  check(h.spec.metrics.some((m) => m.resource?.name === "cpu"), "HPA: scales on CPU");
}
check(kedaOn ? scaledObjects.length === 1 : scaledObjects.length === 0, `ScaledObject: expected ${kedaOn ? 1 : 0}, found ${scaledObjects.length}`);
for (const so of scaledObjects) {
  check(so.spec.scaleTargetRef.name === fullname, "ScaledObject: targets the Deployment");
  check(so.spec.maxReplicaCount <= partitions, `ScaledObject: maxReplicaCount ${so.spec.maxReplicaCount} exceeds the ${partitions} partitions`);
  const kafka = so.spec.triggers.filter((t) => t.type === "kafka");
  check(isDeepStrictEqual(kafka.map((t) => t.metadata.topic).sort(), [...inputTopics].sort()), "ScaledObject: one kafka trigger per input topic");
  for (const t of kafka) {
    check(t.metadata.consumerGroup === V.kafka.group && t.metadata.bootstrapServers === V.kafka.brokers,
      "ScaledObject: trigger must watch the service's group on its brokers");
    check(Number(t.metadata.lagThreshold) > 0, "ScaledObject: lagThreshold");
    // The scaler speaks to the brokers as the service does: TLS exactly when its protocol is SSL
    // or SASL_SSL (a handshake to a plaintext listener fails, and the lag metric with it).
    const protocol = String(V.kafka.sasl.enabled ? V.kafka.sasl.securityProtocol : (V.kafka.properties?.["security.protocol"] ?? "")).toUpperCase();
    check((t.metadata.tls === "enable") === ["SSL", "SASL_SSL"].includes(protocol),
      `ScaledObject: trigger tls "${t.metadata.tls ?? ""}" does not match the service's security.protocol "${protocol}"`);
    if (V.kafka.sasl.enabled) {
      const auth = ofKind("TriggerAuthentication").find((a) => a.metadata.name === t.authenticationRef?.name);
      check(auth && t.metadata.sasl, "ScaledObject: SASL needs sasl and a TriggerAuthentication");
      check(auth?.spec.secretTargetRef?.some((r) => r.parameter === "password" && r.name === runtimeSecret && r.key === keys.kafkaSaslPassword),
        "TriggerAuthentication: password from the Secret");
      const username = auth?.spec.env?.find((e) => e.parameter === "username");
      check(username && envOf(deployment?.spec.template.spec.containers.find((c) => c.name === username.containerName)).has(username.name),
        "TriggerAuthentication: username from an env variable the container has");
    }
  }
}

// --- PodDisruptionBudget --------------------------------------------------------------------
const pdbs = ofKind("PodDisruptionBudget");
const pdbWanted = V.podDisruptionBudget.enabled && minReplicas > 1;
check(pdbs.length === (pdbWanted ? 1 : 0), `PodDisruptionBudget: expected ${pdbWanted ? 1 : 0} (min replicas ${minReplicas}), found ${pdbs.length}`);
for (const p of pdbs) {
  check(matches(p.spec.selector.matchLabels, deployment?.spec.template.metadata.labels), "PDB: selects the service's pods");
  check((p.spec.maxUnavailable === 1 || p.spec.minAvailable === 1), "PDB: maxUnavailable 1 or minAvailable 1");
}

// --- Service, ServiceMonitor, PrometheusRule ------------------------------------------------
const service = one("Service", fullname);
if (service && deployment) {
  check(matches(service.spec.selector, deployment.spec.template.metadata.labels), "Service: selects the service's pods");
  const jobLabels = podTemplates().filter(([w]) => !w.startsWith("Deployment/")).map(([, t]) => t.metadata?.labels);
  check(jobLabels.every((l) => !matches(service.spec.selector, l)), "Service: must not select the Job pods");
  check(service.spec.ports.some((p) => p.name === "http" && p.targetPort === "http"), "Service: port http");
}
const monitors = ofKind("ServiceMonitor");
check(monitors.length === (V.serviceMonitor.enabled ? 1 : 0), `ServiceMonitor: expected ${V.serviceMonitor.enabled ? 1 : 0}, found ${monitors.length}`);
for (const m of monitors) {
  check(matches(m.spec.selector.matchLabels, service?.metadata.labels), "ServiceMonitor: selects the Service");
  check(m.spec.endpoints.some((e) => e.port === "http" && e.path === "/metrics"), "ServiceMonitor: scrapes /metrics on port http");
}
const rules = ofKind("PrometheusRule");
check(rules.length === (V.prometheusRule.enabled ? 1 : 0), `PrometheusRule: expected ${V.prometheusRule.enabled ? 1 : 0}, found ${rules.length}`);
for (const r of rules) {
  check(isDeepStrictEqual(r.spec.groups, load(options.alerts).groups), `PrometheusRule: its groups differ from ${options.alerts}`);
}

// --- NetworkPolicy -------------------------------------------------------------------------
const policies = ofKind("NetworkPolicy");
check(policies.length === (V.networkPolicy.enabled ? 1 : 0), "NetworkPolicy: present exactly when enabled");
for (const np of policies) {
  for (const [where, template] of podTemplates()) {
    check(matches(np.spec.podSelector.matchLabels, template.metadata?.labels), `NetworkPolicy: does not cover ${where}`);
  }
  check(isDeepStrictEqual([...np.spec.policyTypes].sort(), ["Egress", "Ingress"]), "NetworkPolicy: both Ingress and Egress");
  check(np.spec.ingress.every((rule) => rule.ports?.length && rule.ports.every((p) => p.port === "http" || p.port === 8080)),
    "NetworkPolicy: ingress only to port 8080");
  const egressPorts = np.spec.egress.flatMap((rule) => (rule.ports ?? []).map((p) => `${p.protocol}/${p.port}`));
  for (const port of V.networkPolicy.egress.kafka.ports) check(egressPorts.includes(`TCP/${port}`), `NetworkPolicy: egress to Kafka port ${port}`);
  for (const port of V.networkPolicy.egress.postgresql.ports) check(egressPorts.includes(`TCP/${port}`), `NetworkPolicy: egress to PostgreSQL port ${port}`);
  check(egressPorts.includes("UDP/53"), "NetworkPolicy: egress to DNS (UDP 53)");
  check(np.spec.egress.every((rule) => rule.ports?.length), "NetworkPolicy: every egress rule names its ports");
}

// --- what this values file must or must not have --------------------------------------------
for (const kind of options.require) check(ofKind(kind).length > 0, `required: a ${kind}`);
for (const kind of options.forbid) check(ofKind(kind).length === 0, `forbidden: a ${kind}`);

if (failures.length) {
  console.error(`${rendered}: ${failures.length} fact(s) do not hold:\n  ` + failures.join("\n  "));
  process.exit(1);
}
console.log(`${rendered}: the facts hold (${objects.length} objects: ${[...new Set(objects.map((o) => o.kind))].sort().join(", ")})`);
