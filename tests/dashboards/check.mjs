// node check.mjs DASHBOARD.json... — the queries of Grafana dashboards, checked for real
// (scripts/dashboards-check.sh runs it; Node's standard library only).
//
// Every panel target and every query variable of each dashboard is taken from the JSON: PromQL
// for a Prometheus data source, raw SQL for a PostgreSQL one. A panel that needs a query and has
// none, a target with no query, a data source that is not a datasource variable (the dashboards
// must import anywhere), or a Grafana variable or macro this checker cannot substitute fails.
// After substitution (the dashboard's own variables and time range, Grafana's built-ins and the
// PostgreSQL macros):
//   - the PromQL expressions are parsed by `promtool check rules` (each as a recording rule);
//   - their vextrus_* metric names must be ones adapters/metrics/metrics.cpp registers;
//   - the SQL queries run with psql on $VEXTRUS_DASHBOARD_PG_DSN (the dashboards' role, which
//     may read the dashboard views and nothing else) inside BEGIN READ ONLY ... ROLLBACK, with
//     ON_ERROR_STOP (a query variable's values feed the panels that use it, as Grafana's "All").
// Environment: VEXTRUS_DASHBOARD_PG_DSN (required), PROMTOOL (default promtool), PSQL (default psql),
// VEXTRUS_METRICS_SOURCE (default adapters/metrics/metrics.cpp beside this file's repository).

import { readFileSync, writeFileSync, mkdtempSync, rmSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join, dirname, basename, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node check.mjs DASHBOARD.json...");
  process.exit(2);
}
const dsn = process.env.VEXTRUS_DASHBOARD_PG_DSN;
if (!dsn) {
  console.error("dashboards-check: VEXTRUS_DASHBOARD_PG_DSN (the dashboards' database role) is not set");
  process.exit(2);
}
const promtool = process.env.PROMTOOL || "promtool";
const psql = process.env.PSQL || "psql";
const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const metricsSource = process.env.VEXTRUS_METRICS_SOURCE || join(repo, "adapters/metrics/metrics.cpp");

const PROMETHEUS = "prometheus";
const POSTGRES = new Set(["grafana-postgresql-datasource", "postgres"]);
// Panel types that show no data source query.
const QUERYLESS_PANELS = new Set(["row", "text", "dashlist", "news", "welcome", "alertlist", "annolist"]);
// The values the built-in variables take for the check (any well-formed value parses the same).
const BUILTINS = {
  __rate_interval: "1m",
  __interval: "1m",
  __interval_ms: "60000",
  __range: "3600s",
  __range_s: "3600",
  __range_ms: "3600000",
};

const failures = [];
const fail = (where, message) => failures.push(`${where}: ${message}`);

// ---- Grafana's substitutions ----------------------------------------------------------------

const UNITS = { s: 1, m: 60, h: 3600, d: 86400, w: 604800, M: 2592000, y: 31536000 };

function seconds(interval) {
  const m = /^(\d+)([smhdwMy])$/.exec(String(interval).replace(/^'|'$/g, "").trim());
  if (!m) throw new Error(`interval ${interval} is not one this checker understands (e.g. '1d', '5m')`);
  return Number(m[1]) * UNITS[m[2]];
}

// "now", "now-30d": the dashboard's default time range as instants.
function instant(text, now) {
  const m = /^now(?:-(\d+)([smhdwMy]))?$/.exec(String(text));
  if (!m) throw new Error(`time ${text} is not one this checker understands (now or now-<n><unit>)`);
  return new Date(now.getTime() - (m[1] ? Number(m[1]) * UNITS[m[2]] * 1000 : 0));
}

// The PostgreSQL macros as Grafana's backend expands them (pkg/tsdb/grafana-postgresql-datasource/macros.go).
function expandMacros(sql, range) {
  const from = range.from.toISOString(), to = range.to.toISOString();
  const fromS = Math.floor(range.from.getTime() / 1000), toS = Math.floor(range.to.getTime() / 1000);
  const group = (args) => {
    if (args.length < 2) throw new Error("$__timeGroup needs a column and an interval");
    const s = seconds(args[1]);
    return `floor(extract(epoch from ${args[0]})/${s})*${s}`;
  };
  const column = (name, args) => {
    if (!args[0]) throw new Error(`$${name} needs a column`);
    return args[0];
  };
  const macros = {
    __time: (a) => `${column("__time", a)} AS "time"`,
    __timeEpoch: (a) => `extract(epoch from ${column("__timeEpoch", a)}) as "time"`,
    __timeFilter: (a) => `${column("__timeFilter", a)} BETWEEN '${from}' AND '${to}'`,
    __timeFrom: () => `'${from}'`,
    __timeTo: () => `'${to}'`,
    __timeGroup: (a) => group(a),
    __timeGroupAlias: (a) => `${group(a)} AS "time"`,
    __unixEpochFilter: (a) => `${column("__unixEpochFilter", a)} >= ${fromS} AND ${a[0]} <= ${toS}`,
    __unixEpochFrom: () => String(fromS),
    __unixEpochTo: () => String(toS),
    __unixEpochNanoFilter: (a) =>
      `${column("__unixEpochNanoFilter", a)} >= ${fromS}000000000 AND ${a[0]} <= ${toS}000000000`,
    __unixEpochNanoFrom: () => `${fromS}000000000`,
    __unixEpochNanoTo: () => `${toS}000000000`,
    __unixEpochGroup: (a) => {
      const s = seconds(a[1]);
      return `floor((${a[0]})/${s})*${s}`;
    },
    __unixEpochGroupAlias: (a) => `floor((${a[0]})/${seconds(a[1])})*${seconds(a[1])} AS "time"`,
  };
  return sql.replace(/\$([_a-zA-Z0-9]+)\(([^)]*)\)/g, (whole, name, args) => {
    if (!macros[name]) throw new Error(`unknown macro $${name}(...)`);
    return macros[name](args.split(",").map((a) => a.trim()));
  });
}

const regexEscape = (v) => v.replace(/[\\^$*+?.()|[\]{}]/g, "\\$&");
const sqlString = (v) => `'${String(v).replace(/'/g, "''")}'`;

// The text a variable stands for in a query of data source `kind`, as Grafana formats it.
function formatted(variable, kind) {
  if (variable.values.length === 1 && variable.values[0] === variable.allValue) return variable.allValue;
  if (kind === PROMETHEUS) {
    if (!variable.multi && !variable.includeAll) return variable.values[0] ?? "";
    const escaped = variable.values.map(regexEscape);
    return escaped.length === 1 ? escaped[0] : `(${escaped.join("|")})`;
  }
  if (!variable.multi && !variable.includeAll) return variable.values[0] ?? "";
  return variable.values.length ? variable.values.map(sqlString).join(",") : "NULL";
}

// Replaces $var, ${var}, ${var:format} and [[var]]; fails on a name that is neither a variable
// of the dashboard nor a built-in.
function substitute(text, variables, kind, range) {
  let out = kind === PROMETHEUS ? text : expandMacros(text, range);
  out = out.replace(/\$\{(\w+)(?::(\w+))?\}|\[\[(\w+)(?::(\w+))?\]\]|\$(\w+)/g, (whole, a, fa, b, fb, c) => {
    const name = a ?? b ?? c;
    const format = fa ?? fb;
    if (name in BUILTINS) return BUILTINS[name];
    const variable = variables.get(name);
    if (!variable) throw new Error(`$${name} is neither a variable of the dashboard nor a Grafana built-in`);
    if (variable.type === "datasource") throw new Error(`$${name} is a data source variable, used in a query`);
    if (format === "csv") return variable.values.join(",");
    if (format === "pipe") return variable.values.join("|");
    if (format === "raw") return variable.values.join(",");
    if (format === "regex") return formatted({ ...variable, multi: true }, PROMETHEUS);
    if (format === "sqlstring") return variable.values.map(sqlString).join(",");
    if (format) throw new Error(`\${${name}:${format}}: format ${format} is not supported here`);
    return formatted(variable, kind);
  });
  return out;
}

// ---- reading the dashboards -----------------------------------------------------------------

// Data source kind of a reference { type, uid } whose uid must be a datasource variable.
function kindOf(ref, dashboardVariables) {
  if (!ref || typeof ref !== "object") throw new Error("no data source, or a data source given by name");
  const m = /^\$\{?(\w+)\}?$/.exec(ref.uid ?? "");
  if (!m) throw new Error(`data source uid "${ref.uid}" is hard-coded; refer to a datasource variable`);
  const variable = dashboardVariables.find((v) => v.name === m[1]);
  if (!variable || variable.type !== "datasource") throw new Error(`$${m[1]} is not a datasource variable`);
  if (variable.query !== ref.type && !(POSTGRES.has(variable.query) && POSTGRES.has(ref.type))) {
    throw new Error(`type ${ref.type} but $${m[1]} selects ${variable.query} data sources`);
  }
  if (ref.type === PROMETHEUS) return PROMETHEUS;
  if (POSTGRES.has(ref.type)) return "sql";
  throw new Error(`data source type ${ref.type} is neither Prometheus nor PostgreSQL`);
}

function* panelsOf(panels) {
  for (const panel of panels ?? []) {
    yield panel;
    if (Array.isArray(panel.panels)) yield* panelsOf(panel.panels);
  }
}

// What a Prometheus variable query (Grafana's label_values(), query_result() ...) evaluates.
function promVariableExpression(query) {
  let m;
  if ((m = /^\s*label_values\(\s*([^,]*?)\s*\)\s*$/.exec(query)) && !m[1].includes("{")) return null;
  if ((m = /^\s*label_values\(\s*(.+)\s*,\s*\w+\s*\)\s*$/s.exec(query))) return m[1];
  if ((m = /^\s*query_result\(\s*(.+)\s*\)\s*$/s.exec(query))) return m[1];
  if (/^\s*(metrics|label_names)\(/.test(query)) return null;
  throw new Error(`variable query "${query}" is not label_values(), query_result(), metrics() or label_names()`);
}

function runPsql(args) {
  return spawnSync(psql, ["-X", "-q", "-v", "ON_ERROR_STOP=1", ...args, dsn], { encoding: "utf8" });
}

// Values of an SQL query variable, read like the panels' queries (read only).
function sqlVariableValues(sql) {
  const r = runPsql(["-At", "-c", "BEGIN READ ONLY", "-c", sql, "-c", "ROLLBACK"]);
  if (r.status !== 0) throw new Error(`its query failed: ${(r.stderr || r.error?.message || "").trim()}`);
  return r.stdout.split("\n").filter((line) => line !== ""); // -q: no BEGIN/ROLLBACK tags
}

const promql = []; // { where, expr }
const sqls = []; // { where, sql }
let panelCount = 0;

for (const file of files) {
  let dashboard;
  try {
    dashboard = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    fail(file, `not a JSON dashboard: ${e.message}`);
    continue;
  }
  const name = basename(file);
  const declared = dashboard.templating?.list ?? [];
  const now = new Date();
  let range;
  try {
    range = { from: instant(dashboard.time?.from ?? "now-6h", now), to: instant(dashboard.time?.to ?? "now", now) };
  } catch (e) {
    fail(name, e.message);
    continue;
  }

  // Variables in order (a variable's query may use the ones before it).
  const variables = new Map();
  for (const v of declared) {
    const where = `${name}: variable $${v.name}`;
    try {
      const current = [].concat(v.current?.value ?? []);
      const all = current.includes("$__all") || (current.length === 0 && v.includeAll);
      const entry = { type: v.type, multi: !!v.multi, includeAll: !!v.includeAll, allValue: v.allValue || null };
      if (v.type === "datasource") {
        variables.set(v.name, { ...entry, values: [] });
        continue;
      }
      let options = null; // every value the variable can take, when "All" needs them
      if (v.type === "query") {
        const kind = kindOf(v.datasource, declared);
        const query = typeof v.query === "string" ? v.query : v.query?.query ?? v.query?.rawSql;
        if (!query || !query.trim()) throw new Error("no query");
        if (kind === PROMETHEUS) {
          const expr = promVariableExpression(query);
          if (expr !== null) promql.push({ where, expr: substitute(expr, variables, PROMETHEUS, range) });
          if (all && !entry.allValue) throw new Error('"All" needs an allValue (e.g. .*): Prometheus is not asked here');
        } else {
          const sql = substitute(query, variables, "sql", range);
          sqls.push({ where, sql });
          options = sqlVariableValues(sql);
        }
      } else if (v.type === "custom" || v.type === "interval") {
        options = String(v.query ?? "").split(",").map((s) => s.trim()).filter(Boolean);
      } else if (v.type === "constant" || v.type === "textbox") {
        options = [String(v.query ?? "")];
      } else {
        throw new Error(`type ${v.type} is not supported by this checker`);
      }
      let values;
      if (all) values = entry.allValue ? [entry.allValue] : options;
      else values = current.length ? current.map(String) : (options ?? []).slice(0, 1);
      variables.set(v.name, { ...entry, values });
    } catch (e) {
      fail(where, e.message);
    }
  }

  for (const panel of panelsOf(dashboard.panels)) {
    if (QUERYLESS_PANELS.has(panel.type)) continue;
    panelCount++;
    const where = `${name}: panel ${panel.id} "${panel.title}"`;
    const targets = panel.targets ?? [];
    if (targets.length === 0) {
      fail(where, "has no query");
      continue;
    }
    for (const target of targets) {
      const at = `${where} ${target.refId ?? "?"}`;
      try {
        const kind = kindOf(target.datasource ?? panel.datasource, declared);
        if (kind === PROMETHEUS) {
          if (typeof target.expr !== "string" || !target.expr.trim()) throw new Error("a Prometheus target with no expr");
          promql.push({ where: at, expr: substitute(target.expr, variables, PROMETHEUS, range) });
        } else {
          if (typeof target.rawSql !== "string" || !target.rawSql.trim()) throw new Error("an SQL target with no rawSql");
          if (target.rawQuery !== true) throw new Error("an SQL target not in code mode (rawQuery: true)");
          sqls.push({ where: at, sql: substitute(target.rawSql, variables, "sql", range) });
        }
      } catch (e) {
        fail(at, e.message);
      }
    }
  }
}

// ---- PromQL: promtool parses each as a recording rule ----------------------------------------

const registered = new Set();
for (const m of readFileSync(metricsSource, "utf8").matchAll(/Build(Counter|Gauge|Histogram)\(\)\s*\.Name\("(\w+)"\)/g)) {
  registered.add(m[2]);
  if (m[1] === "Histogram") for (const s of ["_bucket", "_count", "_sum"]) registered.add(m[2] + s);
}
if (registered.size === 0) fail(metricsSource, "no metric registrations found (BuildCounter().Name(...))");
for (const { where, expr } of promql) {
  for (const [name] of expr.matchAll(/\bvextrus_\w+/g)) {
    if (!registered.has(name)) fail(where, `${name} is not a metric the service exports (${basename(metricsSource)})`);
  }
}

const work = mkdtempSync(join(tmpdir(), "dashboards-check-"));
try {
  if (promql.length > 0) {
    const rules = ["groups:"];
    promql.forEach(({ where, expr }, i) => {
      rules.push(`  - name: ${JSON.stringify(`${i + 1}: ${where}`)}`);
      rules.push("    rules:");
      rules.push(`      - record: dashboard:expression_${i + 1}`);
      rules.push(`        expr: ${JSON.stringify(expr)}`);
    });
    const path = join(work, "dashboards.rules.yml");
    writeFileSync(path, rules.join("\n") + "\n");
    const r = spawnSync(promtool, ["check", "rules", path], { encoding: "utf8" });
    if (r.error) fail("promtool", r.error.message);
    else if (r.status !== 0) fail("promtool", `does not parse the dashboards' PromQL:\n${r.stdout}${r.stderr}`);
    else if (!new RegExp(`SUCCESS: ${promql.length} rules found`).test(r.stdout)) {
      fail("promtool", `expected ${promql.length} rules, it said:\n${r.stdout}${r.stderr}`);
    }
  }

  // ---- SQL: every query in one read-only transaction; the first error stops it ---------------
  if (sqls.length > 0) {
    const args = ["-c", "BEGIN READ ONLY", "-c", "SET LOCAL statement_timeout = '60s'"];
    for (const { where, sql } of sqls) {
      // psql's quoting of a backslash command's argument: '' for ', \\ for \.
      args.push("-c", `\\echo '${where.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`, "-c", sql);
    }
    args.push("-c", "ROLLBACK");
    const r = runPsql(["-o", "/dev/null", ...args]);
    if (r.error) fail("psql", r.error.message);
    else if (r.status !== 0) {
      const ran = r.stdout.trim().split("\n").filter(Boolean);
      fail(ran.at(-1) ?? "psql", `the query fails:\n${r.stderr.trim()}`);
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

if (promql.length === 0 && sqls.length === 0) fail(files.join(", "), "no queries at all");
if (failures.length > 0) {
  for (const f of failures) console.error(`dashboards-check: ${f}`);
  console.error(`dashboards-check: FAILED (${failures.length} problem${failures.length === 1 ? "" : "s"})`);
  process.exit(1);
}
console.log(
  `dashboards-check: ${files.length} dashboards, ${panelCount} panels: ${promql.length} PromQL expressions ` +
    `parsed by promtool, ${sqls.length} SQL queries run read-only in PostgreSQL`
);
