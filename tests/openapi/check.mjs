// node check.mjs OPENAPI.yaml [RESPONSES.ndjson]
//
// Validates the OpenAPI document itself (@seriousme/openapi-schema-validator), then every HTTP
// answer the integration tests recorded (VEXTRUS_TEST_HTTP_LOG: one {method, path, status,
// content_type, body} per line; a line without `method` is a GET, as the first recorders wrote
// them) against the schema the document gives for that method, path, status and media type (Ajv,
// JSON Schema 2020-12 as OpenAPI 3.1 uses). A JSON body is parsed first; any other body (text/csv,
// application/x-ndjson, text/plain) is validated as the string it is, and each line of a body
// whose media type has `x-line-schema` is parsed and validated against that schema too.
//
// Fails on an answer the document does not describe (a path, a method, a status or a media type
// it lacks), on one that does not match, and on a documented /v1 operation (method and path) that
// no test reached. A method a path does not have is described by the router's refusals: 405
// (components/responses/MethodNotAllowed), 401 before it on /v1 paths, 400 for a method that is
// not HTTP's.

import { readFileSync } from "node:fs";
import { Validator } from "@seriousme/openapi-schema-validator";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import YAML from "yaml";

const [documentPath, responsesPath] = process.argv.slice(2);
if (!documentPath) {
  console.error("usage: node check.mjs OPENAPI.yaml [RESPONSES.ndjson]");
  process.exit(2);
}
const document = YAML.parse(readFileSync(documentPath, "utf8"));
const verdict = await new Validator().validate(structuredClone(document));
if (!verdict.valid) {
  console.error(`${documentPath} is not a valid OpenAPI document:`, JSON.stringify(verdict.errors, null, 2));
  process.exit(1);
}
console.log(`${documentPath}: a valid OpenAPI ${document.openapi} document`);
if (!responsesPath) process.exit(0);

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(document, "openapi");

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
const HTTP_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "CONNECT", "TRACE"]);
const pointer = (parts) => "/" + parts.map((p) => String(p).replaceAll("~", "~0").replaceAll("/", "~1")).join("/");
const resolve = (parts) => parts.reduce((node, key) => node?.[key], document);

// The paths, the most specific first: a literal segment wins over a placeholder (OpenAPI matches
// /v1/dead-letters/redrive before /v1/dead-letters/{id}), then the document's order.
const templates = Object.keys(document.paths)
  .map((template, order) => ({
    template,
    order,
    placeholders: (template.match(/\{[^}]+\}/g) ?? []).length,
    pattern: new RegExp("^" + template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^}]+\}/g, "[^/]+") + "$"),
  }))
  .sort((a, b) => a.placeholders - b.placeholders || a.order - b.order);
const operations = templates.flatMap(({ template }) =>
  METHODS.filter((m) => document.paths[template][m]).map((m) => ({ method: m.toUpperCase(), template })),
);

// A response object and where it lives (a $ref followed to components).
function located(location) {
  let response = resolve(location);
  while (response?.$ref) {
    location = response.$ref.slice(2).split("/").map((p) => p.replaceAll("~1", "/").replaceAll("~0", "~"));
    response = resolve(location);
  }
  return response && { response, location };
}

const isJson = (mediaType) => mediaType === "application/json" || mediaType.endsWith("+json");

// Validates `answer` against the response at `found`; returns the failures.
function check(what, answer, found) {
  const mediaType = (answer.content_type || "").split(";")[0].trim().toLowerCase();
  const contents = found.response.content;
  if (!contents) return answer.body ? [`${what}: a body the document does not describe`] : [];
  const content = contents[mediaType];
  if (!content) return [`${what}: answered ${mediaType || "no content type"}, not documented`];
  const failures = [];
  const where = [...found.location, "content", mediaType];
  let body = answer.body ?? "";
  if (isJson(mediaType)) {
    try {
      body = JSON.parse(body);
    } catch (error) {
      return [`${what}: not JSON: ${error.message}`];
    }
  }
  if (content.schema) {
    const validate = ajv.getSchema("openapi#" + pointer([...where, "schema"]));
    if (!validate(body)) failures.push(`${what}: ${ajv.errorsText(validate.errors)}`);
  }
  if (content["x-line-schema"] && typeof body === "string") {
    const validate = ajv.getSchema("openapi#" + pointer([...where, "x-line-schema"]));
    body.split("\n").forEach((line, i) => {
      if (!line) return;
      let value;
      try {
        value = JSON.parse(line);
      } catch (error) {
        failures.push(`${what}: line ${i + 1} is not JSON: ${error.message}`);
        return;
      }
      if (!validate(value)) failures.push(`${what}: line ${i + 1}: ${ajv.errorsText(validate.errors)}`);
    });
  }
  return failures;
}

// The router's own refusals, for what no operation describes.
const refusal = (name) => located(["components", "responses", name]);

const failures = [];
const reached = new Set();
let checked = 0;
for (const line of readFileSync(responsesPath, "utf8").split("\n")) {
  if (!line.trim()) continue;
  const answer = JSON.parse(line);
  const method = (answer.method || "GET").toUpperCase();
  const path = answer.path.split("?")[0];
  const what = `${method} ${answer.path} (${answer.status})`;
  const api = path === "/v1" || path.startsWith("/v1/");
  const matches = templates.filter(({ pattern }) => pattern.test(path));
  if (matches.length === 0) {
    // An unknown path answers 404 (401 first on /v1 without a good token).
    const name = answer.status === 404 ? "NotFound" : answer.status === 401 && api ? "Unauthorized" : undefined;
    if (!name) failures.push(`${what}: from a path the document lacks`);
    else failures.push(...check(what, answer, refusal(name)));
    ++checked;
    continue;
  }
  const match = matches.find(({ template }) => document.paths[template][method.toLowerCase()]);
  if (!match) {
    // No operation of that method on this path: the router refuses it.
    const name =
      answer.status === 405 ? "MethodNotAllowed"
      : answer.status === 401 && api ? "Unauthorized"
      : answer.status === 400 && !HTTP_METHODS.has(method) ? "BadRequest"
      : undefined;
    if (!name) failures.push(`${what}: ${method} is not an operation of ${matches[0].template}`);
    else failures.push(...check(what, answer, refusal(name)));
    ++checked;
    continue;
  }
  const operation = ["paths", match.template, method.toLowerCase()];
  const found = located([...operation, "responses", String(answer.status)]);
  if (!found) {
    failures.push(`${what}: status ${answer.status} is not documented for ${method} ${match.template}`);
    continue;
  }
  reached.add(`${method} ${match.template}`);
  failures.push(...check(what, answer, found));
  ++checked;
}
for (const { method, template } of operations) {
  if (template.startsWith("/v1/") && !reached.has(`${method} ${template}`)) {
    failures.push(`${method} ${template}: no test reached it`);
  }
}
if (failures.length) {
  console.error(`${failures.length} failure(s) against ${documentPath}:\n  ` + failures.slice(0, 50).join("\n  "));
  process.exit(1);
}
console.log(`${checked} recorded answers match ${documentPath}; all ${operations.filter((o) => o.template.startsWith("/v1/")).length} /v1 operations reached`);
