// Validates rendered Kubernetes manifests offline: every document against the schema of its apiVersion and kind
// (kubernetes-models: types, formats and required fields), custom resources included where a model package for
// them is installed. Reads YAML on stdin; prints the documents as one JSON array on stdout, or the problems on
// stderr with exit code 1.
import { readFileSync } from "node:fs";
import yaml from "js-yaml";

// Custom resources the manifests use, by API group.
const customGroups = {
  "external-secrets.io": "@kubernetes-models/external-secrets",
  "monitoring.coreos.com": "@kubernetes-models/prometheus-operator",
};

async function modelFor(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  const module = group === ""
    ? `kubernetes-models/${version}`
    : customGroups[group]
      ? `${customGroups[group]}/${group}/${version}`
      : `kubernetes-models/${group}/${version}`;
  try {
    return (await import(module))[kind];
  } catch {
    return undefined;
  }
}

// kustomize wraps long base64 values of generated Secrets over lines; the API server's decoder skips line breaks,
// so they are valid, but the schema's "byte" format does not allow them.
function unwrapSecretData(document) {
  if (document?.kind === "Secret" && document.data) {
    for (const key of Object.keys(document.data)) {
      document.data[key] = String(document.data[key]).replace(/\s+/g, "");
    }
  }
  return document;
}

const documents = yaml.loadAll(readFileSync(0, "utf8")).filter((document) => document !== null).map(unwrapSecretData);
const problems = [];
for (const document of documents) {
  const name = `${document?.kind ?? "?"} ${document?.metadata?.name ?? "?"}`;
  const Model = document?.apiVersion && document?.kind ? await modelFor(document.apiVersion, document.kind) : undefined;
  if (!Model) {
    problems.push(`${name}: no schema for ${document?.apiVersion}/${document?.kind}`);
    continue;
  }
  try {
    new Model(document).validate();
  } catch (error) {
    problems.push(`${name}: ${error.message}`);
  }
}

if (documents.length === 0) {
  problems.push("no documents on stdin");
}
if (problems.length > 0) {
  console.error(problems.join("\n"));
  process.exit(1);
}
process.stdout.write(JSON.stringify(documents));
