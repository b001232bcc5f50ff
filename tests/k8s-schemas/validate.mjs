// node validate.mjs [--expect-invalid] FILE.yaml...
//
// Validates every object of each multi-document YAML file (the output of `helm template`, hooks
// included) against the schema of its apiVersion and kind: the Kubernetes models of npm
// kubernetes-models, and the custom resources of @kubernetes-models/keda and
// @kubernetes-models/prometheus-operator. An object whose apiVersion and kind no package knows
// fails; so does a file with no object at all.
//
// With --expect-invalid every object must be REJECTED (the self-test: deliberately broken
// objects), and the run fails on any that passes. Note: these schemas check types, required
// fields and enums, not unknown fields; facts.mjs asserts the fields that matter by name.

import { readFileSync } from "node:fs";
import YAML from "yaml";
// The packages lay their models out as <package>/<group>/<version>/<Kind> (the core group as
// kubernetes-models/v1/<Kind>), each module exporting the class: import only what is used.
const packages = ["kubernetes-models", "@kubernetes-models/keda", "@kubernetes-models/prometheus-operator"];
const models = new Map();  // "apiVersion/kind" → class, or null when no package has it

async function modelFor(apiVersion, kind) {
  const key = `${apiVersion}/${kind}`;
  if (models.has(key)) return models.get(key);
  let found = null;
  if (/^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?v[0-9]+((alpha|beta)[0-9]+)?$/.test(apiVersion) && /^[A-Z][A-Za-z0-9]*$/.test(kind)) {
    for (const pkg of packages) {
      let module;
      try {
        module = await import(`${pkg}/${apiVersion}/${kind}`);
      } catch (error) {
        if (error.code === "ERR_MODULE_NOT_FOUND" || error.code === "ERR_PACKAGE_PATH_NOT_EXPORTED") continue;
        throw error;
      }
      const Model = module[kind];
      // The class must say it is this apiVersion and kind, and be able to validate.
      if (Model?.apiVersion === apiVersion && Model?.kind === kind && typeof Model.prototype?.validate === "function") {
        found = Model;
        break;
      }
    }
  }
  models.set(key, found);
  return found;
}

// Guards against a layout the lookup no longer understands (it would find nothing).
for (const [apiVersion, kind] of [["apps/v1", "Deployment"], ["v1", "Service"], ["batch/v1", "CronJob"],
                                  ["keda.sh/v1alpha1", "ScaledObject"], ["monitoring.coreos.com/v1", "ServiceMonitor"]]) {
  if (!(await modelFor(apiVersion, kind))) {
    console.error(`validate.mjs: no model for ${apiVersion} ${kind}; the packages' layout changed`);
    process.exit(2);
  }
}

// The problem with one object, or null when it is valid.
async function problemOf(object) {
  if (object === null || typeof object !== "object" || Array.isArray(object)) return "not a mapping";
  const { apiVersion, kind } = object;
  if (typeof apiVersion !== "string" || typeof kind !== "string") return "no apiVersion or kind";
  const Model = await modelFor(apiVersion, kind);
  if (!Model) return `unknown apiVersion/kind ${apiVersion} ${kind}: no schema to validate it against`;
  try {
    new Model(object).validate();
    return null;
  } catch (error) {
    return String(error.message ?? error).split("\n").slice(0, 8).join("; ");
  }
}

const args = process.argv.slice(2);
const expectInvalid = args[0] === "--expect-invalid";
const files = expectInvalid ? args.slice(1) : args;
if (files.length === 0) {
  console.error("usage: node validate.mjs [--expect-invalid] FILE.yaml...");
  process.exit(2);
}

let failures = 0;
for (const file of files) {
  const documents = YAML.parseAllDocuments(readFileSync(file, "utf8"));
  let objects = 0;
  const failuresBefore = failures;
  for (const document of documents) {
    if (document.errors.length) {
      console.error(`${file}: YAML error: ${document.errors[0].message}`);
      ++failures;
      continue;
    }
    const object = document.toJS();
    if (object === null || object === undefined) continue;  // an empty document between ---
    ++objects;
    const name = `${object.kind ?? "?"}/${object.metadata?.name ?? "?"}`;
    const problem = await problemOf(object);
    if (expectInvalid) {
      if (problem === null) {
        console.error(`${file}: ${name} was accepted, but it is broken on purpose: the validation is vacuous`);
        ++failures;
      } else {
        console.log(`${file}: ${name} rejected as it should be: ${problem}`);
      }
    } else if (problem !== null) {
      console.error(`${file}: ${name}: ${problem}`);
      ++failures;
    }
  }
  if (objects === 0) {
    console.error(`${file}: no object in it`);
    ++failures;
  } else if (!expectInvalid && failures === failuresBefore) {
    console.log(`${file}: ${objects} objects valid`);
  }
}
process.exit(failures ? 1 : 0);
