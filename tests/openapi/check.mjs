// node check.mjs OPENAPI.yaml [RESPONSES.ndjson]
//
// Validates the OpenAPI document itself (@seriousme/openapi-schema-validator), then every HTTP
// answer the integration tests recorded (VEXTRUS_TEST_HTTP_LOG: one {path, status,
// content_type, body} per line) against the schema the document gives for that path and
// status (Ajv, JSON Schema 2020-12 as OpenAPI 3.1 uses). Fails on an answer the document does
// not describe, one that does not match, and a documented /v1 path no test reached.

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

const pointer = (parts) => "/" + parts.map((p) => String(p).replaceAll("~", "~0").replaceAll("/", "~1")).join("/");
const templates = Object.keys(document.paths).map((template) => ({
  template,
  pattern: new RegExp("^" + template.replace(/\{[^}]+\}/g, "[^/]+") + "$"),
}));

// The response object of an operation for a status, following a $ref to components.
function responseFor(template, status) {
  const responses = document.paths[template]?.get?.responses ?? {};
  let location = ["paths", template, "get", "responses", String(status)];
  let response = responses[String(status)];
  if (response?.$ref) {
    location = response.$ref.slice(2).split("/");
    response = location.reduce((node, key) => node[key], document);
  }
  return response && { response, location };
}

const failures = [];
const reached = new Set();
let checked = 0;
for (const line of readFileSync(responsesPath, "utf8").split("\n")) {
  if (!line.trim()) continue;
  const answer = JSON.parse(line);
  const path = answer.path.split("?")[0];
  const match = templates.find(({ pattern }) => pattern.test(path));
  if (!match) {
    if (answer.status !== 404) failures.push(`${answer.path}: ${answer.status} from a path the document lacks`);
    continue;  // an unknown path answers 404: nothing to check it against
  }
  const found = responseFor(match.template, answer.status);
  if (!found) {
    failures.push(`${answer.path}: status ${answer.status} is not documented for ${match.template}`);
    continue;
  }
  reached.add(match.template);
  const mediaType = (answer.content_type || "").split(";")[0].trim();
  const content = found.response.content?.[mediaType];
  if (!content) {
    failures.push(`${answer.path}: ${answer.status} answered ${mediaType || "no content type"}, not documented`);
    continue;
  }
  const schemaRef = "openapi#" + pointer([...found.location, "content", mediaType, "schema"]);
  const validate = ajv.getSchema(schemaRef);
  let body = answer.body;
  if (mediaType === "application/json") {
    try {
      body = JSON.parse(answer.body);
    } catch (error) {
      failures.push(`${answer.path}: not JSON: ${error.message}`);
      continue;
    }
  }
  if (!validate(body)) {
    failures.push(`${answer.path} (${answer.status}): ${ajv.errorsText(validate.errors)}`);
  }
  ++checked;
}
for (const { template } of templates) {
  if (template.startsWith("/v1/") && !reached.has(template)) failures.push(`${template}: no test reached it`);
}
if (failures.length) {
  console.error(`${failures.length} answer(s) do not match ${documentPath}:\n  ` + failures.slice(0, 50).join("\n  "));
  process.exit(1);
}
console.log(`${checked} recorded answers match ${documentPath}`);
