// node config-check.mjs BINARY RENDERED.yaml
//
// Gives the real vextrus-flow binary what each container of a rendered release would get: its
// environment (each secretKeyRef replaced by a placeholder; the DSNs point at 127.0.0.1 port 1,
// where nothing listens), its configuration and policy files (from the rendered ConfigMaps,
// written to a temporary directory that stands for /etc/vextrus-flow/), and its arguments. The
// binary must get past reading and checking all of that, librdkafka properties and DSNs
// included, and stop only where it connects to PostgreSQL: a line starting
// "vextrus-flow: configuration:" or "vextrus-flow: policy:" fails the check.
//   service (run):        `validate-event` with a sample event (loads the policy files), then
//                         `migrate` (checks the Kafka properties and DSNs, then connects);
//   migrations Job:       its own arguments, from the repository root (the image's working
//                         directory holds the same config/vextrus-flow.yaml);
//   audit verify CronJob: its own arguments.

import { spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import YAML from "yaml";

const [binary, rendered] = process.argv.slice(2);
if (!binary || !rendered) {
  console.error("usage: node config-check.mjs BINARY RENDERED.yaml");
  process.exit(2);
}
const objects = YAML.parseAllDocuments(readFileSync(rendered, "utf8")).map((d) => d.toJS()).filter(Boolean);
const configMaps = new Map(objects.filter((o) => o.kind === "ConfigMap").map((o) => [o.metadata.name, o]));
const root = mkdtempSync(join(tmpdir(), "vextrus-config-check-"));
const sampleEvent = readFileSync("config/samples/purchase-orders.ndjson", "utf8").split("\n")[0];
const placeholderDsn = "postgresql://vextrus@127.0.0.1:1/vextrus?connect_timeout=5";
const failures = [];
let runs = 0;

// The container's environment and arguments with /etc/vextrus-flow/ moved to `dir`.
function prepare(podSpec, container, dir) {
  for (const mount of container.volumeMounts ?? []) {
    if (!mount.mountPath.startsWith("/etc/vextrus-flow/")) continue;
    const target = join(dir, mount.mountPath.slice("/etc/vextrus-flow/".length));
    mkdirSync(target, { recursive: true });
    const volume = podSpec.volumes.find((v) => v.name === mount.name);
    const configMap = volume?.configMap && configMaps.get(volume.configMap.name);
    for (const [file, text] of Object.entries(configMap?.data ?? {})) writeFileSync(join(target, file), text);
    if (volume?.secret) for (const item of volume.secret.items ?? []) writeFileSync(join(target, item.path), "placeholder\n");
  }
  const external = (container.volumeMounts ?? []).filter((m) => {
    const volume = podSpec.volumes.find((v) => v.name === m.name);
    return volume?.configMap && !configMaps.has(volume.configMap.name);
  }).map((m) => m.mountPath);
  const move = (text) => String(text).replaceAll("/etc/vextrus-flow/", `${dir}/`);
  const env = { PATH: process.env.PATH, PGCONNECT_TIMEOUT: "5" };
  for (const entry of container.env ?? []) {
    if (entry.value !== undefined) env[entry.name] = move(entry.value);
    else if (entry.valueFrom?.secretKeyRef) env[entry.name] = entry.name.endsWith("_DSN") ? placeholderDsn : "placeholder";
  }
  return { env, args: (container.args ?? []).map(move), external };
}

function expect(where, args, env, input, connects) {
  ++runs;
  const result = spawnSync(binary, args, { env, input, encoding: "utf8", timeout: 30000 });
  const text = `${result.stderr ?? ""}${result.stdout ?? ""}`;
  const refused = /^vextrus-flow: (configuration|policy):.*$/m.exec(result.stderr ?? "");
  if (result.error) failures.push(`${where}: ${args.join(" ")}: ${result.error.message}`);
  else if (refused) failures.push(`${where}: ${args.join(" ")}: ${refused[0]}`);
  else if (connects && !/127\.0\.0\.1.*port 1 failed|Connection refused/.test(text)) {
    failures.push(`${where}: ${args.join(" ")}: expected to stop at connecting to PostgreSQL, got exit ${result.status}: ${text.slice(0, 300)}`);
  } else if (!connects && result.status !== 0) {
    failures.push(`${where}: ${args.join(" ")}: exit ${result.status}: ${text.slice(0, 300)}`);
  }
}

try {
  for (const o of objects) {
    const podSpec = o.kind === "Deployment" || o.kind === "Job" ? o.spec.template.spec
      : o.kind === "CronJob" ? o.spec.jobTemplate.spec.template.spec : null;
    if (!podSpec) continue;
    for (const container of podSpec.containers) {
      const where = `${o.kind}/${o.metadata.name}/${container.name}`;
      const dir = join(root, `${o.kind}-${o.metadata.name}-${container.name}`);
      const { env, args, external } = prepare(podSpec, container, dir);
      if (args[0] === "run") {
        const options = args.slice(1);
        // A ConfigMap made outside the chart (policy.existingConfigMap) is not in the render.
        if (external.length) console.log(`${where}: ${external.join(", ")} from a ConfigMap outside the chart: its files are not loaded here`);
        else expect(where, ["validate-event", ...options], env, sampleEvent, false);
        expect(where, ["migrate", ...options], env, "", true);
      } else if (args[0] === "migrate" || args[0] === "audit") {
        expect(where, args, env, "", true);
      } else {
        failures.push(`${where}: unexpected arguments ${JSON.stringify(args)}`);
      }
    }
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}
if (runs === 0) failures.push("no container to check");
if (failures.length) {
  console.error(`${rendered}: the binary refuses what the chart gives it:\n  ` + failures.join("\n  "));
  process.exit(1);
}
console.log(`${rendered}: the binary accepts the configuration of every container (${runs} runs)`);
