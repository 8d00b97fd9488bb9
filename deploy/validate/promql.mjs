// Parses PromQL expressions offline with the Prometheus project's own grammar (@prometheus-io/lezer-promql) and
// names the metrics each selects. Reads a JSON array of expressions on stdin; prints, in the same order,
// [{ "expr", "errors": ["…"], "metrics": ["…"] }]. Grafana's range variables ($__rate_interval, $__interval,
// $__range) are read as a duration first, as Grafana substitutes them before Prometheus sees the query.
import { readFileSync } from "node:fs";
import { parser } from "@prometheus-io/lezer-promql";

function check(expr) {
  const query = expr.replace(/\$__(rate_interval|interval|range)\b/g, "5m");
  const errors = [];
  const metrics = new Set();
  parser.parse(query).iterate({
    enter(node) {
      if (node.type.isError) {
        errors.push(`syntax error at ${node.from}: "${query.slice(Math.max(0, node.from - 20), node.to + 20)}"`);
      } else if (node.name === "Identifier" && node.node.parent?.name === "VectorSelector") {
        metrics.add(query.slice(node.from, node.to));
      }
    },
  });
  return { expr, errors, metrics: [...metrics] };
}

const expressions = JSON.parse(readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(expressions.map(check)));
