// node check.mjs REPO_ROOT [--events EVENTS.ndjson] [--outputs OUTPUTS.ndjson]
//
// The event contract against the service, in both directions:
//   1. docs/asyncapi.yaml parses and validates with @asyncapi/parser, its payloads (JSON Schema
//      2020-12) checked by a schema parser registered for that format; errors and warnings fail;
//   2. every schema of docs/schemas compiles (Ajv, strict) and its examples are valid;
//   3. every event of config/samples/*.ndjson is valid against its channel's messages;
//   4. EVENTS (the decoder unit tests' record, VEXTRUS_TEST_EVENT_LOG): every event the decoder
//      accepted is valid against the schema of its type; every event it rejected naming a schema
//      rule is invalid, with the validator's error at that field and that rule the schema's rule
//      for the field; every structural fault (missing or mistyped field, unknown type or role, a
//      wrong topic, a money string, a date) names a rule; every event type was accepted at least
//      once and every structural reason seen;
//   5. OUTPUTS (messages the integration tests read back from the broker,
//      VEXTRUS_TEST_OUTPUT_LOG): each audit record, notification and dead letter is valid against
//      its schema, and each of the three kinds was seen.
// Prints a line per part; exits 1 listing every failure.

import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { Parser, fromFile } from "@asyncapi/parser";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import YAML from "yaml";

const args = process.argv.slice(2);
const root = args[0];
if (!root) {
  console.error("usage: node check.mjs REPO_ROOT [--events EVENTS.ndjson] [--outputs OUTPUTS.ndjson]");
  process.exit(2);
}
const option = (name) => {
  const i = args.indexOf(name);
  return i > 0 ? args[i + 1] : undefined;
};
const docs = join(root, "docs");
const failures = [];
const fail = (message) => failures.push(message);
const ndjson = (path) =>
  readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line));

// --- The schemas, loaded under their paths relative to docs/ ("schemas/common.json"). ---------
const JSON_SCHEMA_2020 = "application/schema+json;version=2020-12";
const schemaFiles = {};
for (const name of readdirSync(join(docs, "schemas")).filter((n) => n.endsWith(".json")).sort()) {
  schemaFiles[`schemas/${name}`] = JSON.parse(readFileSync(join(docs, "schemas", name), "utf8"));
}
const newAjv = () => {
  // Strict, but a conditional `then` may require members declared beside it (strictRequired).
  const ajv = new Ajv2020({ strict: true, strictRequired: false, allErrors: true });
  addFormats(ajv);
  return ajv;
};
const ajv = newAjv();
for (const [key, schema] of Object.entries(schemaFiles)) ajv.addSchema(schema, key);
for (const key of Object.keys(schemaFiles)) {
  try {
    ajv.getSchema(key);
  } catch (error) {
    console.error(`docs/${key}: ${error.message}`);
    process.exit(1);
  }
}
const validator = (ref) => {
  const validate = ajv.getSchema(ref);
  if (!validate) throw new Error(`no schema ${ref}`);
  return validate;
};

// --- 1. The AsyncAPI document. ---------------------------------------------------------------
// The parser knows AsyncAPI and draft-07 schemas; a payload in JSON Schema 2020-12 goes to the
// schema parser registered here for that format. @asyncapi/parser 3.6 calls a schema parser's
// validate() for AsyncAPI 2 documents only, and its parse() for 3.x as well, so parse() checks
// each payload (resolved by the parser) against the 2020-12 meta-schema and compiles it strictly.
const payloadProblems = (data) => {
  const checker = newAjv();
  if (!checker.validateSchema(data)) return checker.errors.map((e) => `${e.instancePath} ${e.message}`);
  try {
    checker.compile(data);
  } catch (error) {
    return [String(error.message)];
  }
  return [];
};
let payloadsChecked = 0;
const schemaParser = {
  getMimeTypes: () => [JSON_SCHEMA_2020],
  validate: ({ data, path }) => payloadProblems(data).map((message) => ({ message, path })),
  parse: ({ data, path }) => {
    payloadsChecked++;
    for (const problem of payloadProblems(data)) fail(`docs/asyncapi.yaml /${path.join("/")}: ${problem}`);
    return data;
  },
};
const parser = new Parser();
parser.registerSchemaParser(schemaParser);
const documentPath = join(docs, "asyncapi.yaml");
const { document, diagnostics } = await fromFile(parser, documentPath).parse();
const severities = ["error", "warning", "information", "hint"];
for (const d of diagnostics) {
  const line = `${documentPath}: ${severities[d.severity]} ${d.code}: ${d.message} at /${d.path.join("/")}`;
  if (d.severity <= 1) fail(line);
  else console.log(line);
}
if (!document) {
  console.error(failures.join("\n"));
  process.exit(1);
}
const raw = YAML.parse(readFileSync(documentPath, "utf8"));
// Each channel's messages as schema keys ("schemas/invoice.paid.json"), from the raw document.
const channels = {};
for (const [id, channel] of Object.entries(raw.channels)) {
  channels[id] = {
    address: channel.address,
    schemas: Object.values(channel.messages).map((m) => {
      const message = raw.components.messages[m.$ref.split("/").pop()];
      if (message.payload.schemaFormat !== JSON_SCHEMA_2020) fail(`${m.$ref}: payload is not JSON Schema 2020-12`);
      return message.payload.schema.$ref.replace(/^\.\//, "");
    }),
  };
}
const schemaOfType = (type) => `schemas/${type}.json`;
const inputTypes = Object.fromEntries(
  Object.entries(channels).flatMap(([id, c]) =>
    c.schemas.filter((s) => schemaFiles[s]?.properties?.type?.const).map((s) => [schemaFiles[s].properties.type.const, id]),
  ),
);
for (const type of schemaFiles["schemas/common.json"].$defs.event_type.enum) {
  if (!inputTypes[type]) fail(`event type ${type} has no message on any channel of docs/asyncapi.yaml`);
}
if (payloadsChecked !== document.allMessages().length) {
  fail(`docs/asyncapi.yaml: ${payloadsChecked} payloads went through the 2020-12 schema parser, of ${document.allMessages().length} messages`);
}
console.log(`${documentPath}: valid AsyncAPI ${raw.asyncapi}, ${Object.keys(channels).length} channels, ${document.allMessages().length} messages, ${payloadsChecked} payloads checked as JSON Schema 2020-12`);

// --- 2. Examples. ------------------------------------------------------------------------------
let examples = 0;
for (const [key, schema] of Object.entries(schemaFiles)) {
  const validate = validator(key);
  for (const example of schema.examples ?? []) {
    examples++;
    if (!validate(example)) fail(`${key}: its example is invalid: ${ajv.errorsText(validate.errors)}`);
  }
}
console.log(`docs/schemas: ${Object.keys(schemaFiles).length} schemas compiled, ${examples} examples valid`);

// The output messages shown in docs/events.md (its input events go through the decoder, in
// tests/unit/contract_test.cpp, and so into part 4).
const outputKind = (m) =>
  m.hash !== undefined ? "schemas/audit-record.json"
  : m.notification_id !== undefined ? "schemas/notification.json"
  : m.offset !== undefined && m.payload !== undefined ? "schemas/dead-letter.json"
  : undefined;
const shown = new Set();
for (const [, block] of readFileSync(join(docs, "events.md"), "utf8").matchAll(/```json\n([\s\S]*?)```/g)) {
  let message;
  try {
    message = JSON.parse(block);
  } catch {
    fail(`docs/events.md: a json block that is not JSON: ${block.slice(0, 120)}`);
    continue;
  }
  const schema = outputKind(message);
  if (!schema) continue;
  shown.add(schema);
  const validate = validator(schema);
  if (!validate(message)) fail(`docs/events.md: its ${schema} example is invalid: ${ajv.errorsText(validate.errors)}`);
}
if (shown.size !== 3) fail(`docs/events.md shows ${shown.size} of the 3 output messages as JSON examples`);
console.log(`docs/events.md: its ${shown.size} output message examples valid`);

// --- 3. Sample events. -------------------------------------------------------------------------
const sampleChannel = { "purchase-orders": "purchaseOrders", invoices: "invoices", onboarding: "onboarding" };
let samples = 0;
for (const [file, channelId] of Object.entries(sampleChannel)) {
  for (const event of ndjson(join(root, "config", "samples", `${file}.ndjson`))) {
    samples++;
    const schema = schemaOfType(event.type);
    if (!channels[channelId].schemas.includes(schema)) {
      fail(`config/samples/${file}.ndjson: ${event.event_id} of type ${event.type} is not a message of ${channels[channelId].address}`);
      continue;
    }
    const validate = validator(schema);
    if (!validate(event)) fail(`config/samples/${file}.ndjson: ${event.event_id}: ${ajv.errorsText(validate.errors)}`);
  }
}
console.log(`config/samples: ${samples} events valid`);

// --- 4. The decoder's cases. -----------------------------------------------------------------
const pointer = (segments) => segments.map((s) => "/" + String(s).replaceAll("~", "~0").replaceAll("/", "~1")).join("");
// "payload.lines[1].unit_price" -> ["payload", "lines", "1", "unit_price"]
const segmentsOf = (field) => (field ? field.replace(/\[(\d+)\]/g, ".$1").split(".") : []);
const resolvePointer = (node, ptr) =>
  ptr
    .split("/")
    .slice(1)
    .reduce((n, part) => (n === undefined ? undefined : n[part.replaceAll("~1", "/").replaceAll("~0", "~")]), node);
const refTarget = (ref, file) => {
  const [target, ptr = ""] = ref.split("#");
  return [target ? file.replace(/[^/]*$/, target) : file, ptr];
};
// Every schema location ("schemas/x.json#/pointer") that applies to the instance at `segments`
// below the schema at file#ptr, following $ref, allOf/anyOf/oneOf, properties and items.
function locations(file, ptr, segments, out = new Set()) {
  const node = resolvePointer(schemaFiles[file], ptr);
  if (node === null || typeof node !== "object") return out;
  if (segments.length === 0) out.add(`${file}#${ptr}`);
  if (node.$ref) locations(...refTarget(node.$ref, file), segments, out);
  for (const keyword of ["allOf", "anyOf", "oneOf"]) {
    (node[keyword] ?? []).forEach((_, i) => locations(file, `${ptr}/${keyword}/${i}`, segments, out));
  }
  if (segments.length > 0) {
    const [head, ...rest] = segments;
    if (node.properties && Object.hasOwn(node.properties, head)) {
      locations(file, `${ptr}/properties/${head}`, rest, out);
    }
    if (node.items && /^\d+$/.test(head)) locations(file, `${ptr}/items`, rest, out);
  }
  return out;
}

// Reasons whose every case the schemas must see; bad_money and bad_quantity only for text they
// can judge (a money string; a whole quantity), so those two are checked rule by rule.
const structural = new Set(["not_an_object", "missing_field", "wrong_type", "unknown_type", "wrong_topic", "unknown_role", "bad_date"]);
const eventsPath = option("--events");
if (eventsPath) {
  const accepted = new Set();
  const ruled = new Set();
  let cases = 0;
  for (const c of ndjson(eventsPath)) {
    let value;
    try {
      value = JSON.parse(c.value);
    } catch {
      continue; // invalid JSON: no schema can judge it (the decoder says invalid_json)
    }
    cases++;
    const where = `decoder case ${c.reason ?? "accepted"} ${c.field ?? ""} ${c.value.slice(0, 160)}`;
    const type = value !== null && typeof value === "object" && typeof value.type === "string" ? value.type : undefined;
    const known = type !== undefined && inputTypes[type] !== undefined;
    const ref = known ? schemaOfType(type) : "schemas/common.json#/$defs/envelope";
    const validate = validator(ref);
    const valid = validate(value);
    const errors = validate.errors ?? [];
    if (c.reason === null) {
      if (!known) fail(`${where}: accepted, but its type is no message of docs/asyncapi.yaml`);
      else if (c.channel && inputTypes[type] !== c.channel) fail(`${where}: accepted on ${c.channel}, a channel without ${type}`);
      else if (!valid) fail(`${where}: accepted by the decoder, invalid against ${ref}: ${ajv.errorsText(errors)}`);
      accepted.add(type);
      continue;
    }
    if (!c.rule) {
      if (structural.has(c.reason)) fail(`${where}: a structural fault (${c.reason}) without a schema rule`);
      continue;
    }
    ruled.add(c.reason);
    if (valid && !c.rule.startsWith("asyncapi.yaml#")) {
      fail(`${where}: the decoder names ${c.rule}, but the event is valid against ${ref}`);
      continue;
    }
    if (c.rule.startsWith("asyncapi.yaml#")) {
      const [, channelId] = c.rule.match(/^asyncapi\.yaml#\/channels\/([^/]+)\/messages$/) ?? [];
      if (!channels[channelId] || channelId !== c.channel) {
        fail(`${where}: rule ${c.rule} is not the messages of the case's channel ${c.channel}`);
      } else if (channels[channelId].schemas.some((s) => validator(s)(value))) {
        fail(`${where}: the decoder names ${c.rule}, but a message of ${channels[channelId].address} accepts the event`);
      }
      continue;
    }
    const segments = segmentsOf(c.field);
    const [file, ptr] = ref.split("#");
    const here = locations(file, ptr ?? "", segments);
    const parent = locations(file, ptr ?? "", segments.slice(0, -1));
    const at = (path, keyword, extra = () => true) =>
      errors.some((e) => e.instancePath === path && (!keyword || e.keyword === keyword) && extra(e));
    let agreed;
    if (c.rule.endsWith("/required") && parent.has(c.rule.slice(0, -"/required".length))) {
      agreed = at(pointer(segments.slice(0, -1)), "required", (e) => e.params.missingProperty === segments.at(-1));
    } else if (c.rule.endsWith("/anyOf") && here.has(c.rule.slice(0, -"/anyOf".length))) {
      agreed = at(pointer(segments), "anyOf");
    } else if (here.has(c.rule)) {
      agreed = at(pointer(segments));
    } else {
      fail(`${where}: rule ${c.rule} is not a rule the schema ${ref} applies to ${c.field || "the message"}`);
      continue;
    }
    if (!agreed) fail(`${where}: the schema finds no fault at ${c.field || "the message"}: ${ajv.errorsText(errors)}`);
  }
  for (const type of Object.keys(inputTypes)) {
    if (!accepted.has(type)) fail(`no decoder case accepted a ${type}: the schema of that type went unchecked`);
  }
  for (const reason of [...structural, "bad_money", "bad_quantity"]) {
    if (!ruled.has(reason)) fail(`no decoder case rejected an event as ${reason} naming a schema rule`);
  }
  console.log(`decoder cases: ${cases} checked, ${accepted.size} event types accepted, ${ruled.size} reasons with schema rules`);
}

// --- 5. Output messages. -----------------------------------------------------------------------
const outputSchema = {
  "vextrus.audit": "schemas/audit-record.json",
  "vextrus.notifications": "schemas/notification.json",
  "vextrus.dead-letter": "schemas/dead-letter.json",
};
for (const [address, schema] of Object.entries(outputSchema)) {
  if (!Object.values(channels).some((c) => c.address === address && c.schemas.includes(schema))) {
    fail(`docs/asyncapi.yaml: no channel ${address} with the message ${schema}`);
  }
}
const outputsPath = option("--outputs");
if (outputsPath) {
  const seen = Object.fromEntries(Object.keys(outputSchema).map((a) => [a, 0]));
  for (const m of ndjson(outputsPath)) {
    // The tests prefix each topic set; the contract's name is the end of the topic's name.
    const address = Object.keys(outputSchema).find((a) => m.topic === a || m.topic.endsWith(`.${a}`) || m.topic.endsWith(`-${a}`));
    if (!address) continue; // an input topic read back (a re-drive): not an output message
    seen[address]++;
    let value;
    try {
      value = JSON.parse(m.value);
    } catch {
      fail(`${m.topic}: a message that is not JSON: ${m.value.slice(0, 160)}`);
      continue;
    }
    const validate = validator(outputSchema[address]);
    if (!validate(value)) fail(`${m.topic}: ${ajv.errorsText(validate.errors)}: ${m.value.slice(0, 300)}`);
    if (address !== "vextrus.dead-letter" && m.key !== value.entity_id) {
      fail(`${m.topic}: key ${m.key} is not the message's entity_id ${value.entity_id}`);
    }
  }
  for (const [address, count] of Object.entries(seen)) {
    if (count === 0) fail(`no integration test read a message of ${address}: its schema went unchecked`);
  }
  console.log(`output messages: ${Object.entries(seen).map(([a, n]) => `${n} of ${a}`).join(", ")} checked`);
}

if (failures.length) {
  console.error(`contract check: ${failures.length} failure(s):\n` + failures.join("\n"));
  process.exit(1);
}
console.log("contract check: the schemas and the service agree");
