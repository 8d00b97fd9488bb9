// Prints one environment's settings and its synthesized CloudFormation template as one JSON document,
// {"environment": {...}, "template": {...}}, offline (no credentials): what tests/Deploy.Tests compares with the
// deploy/k8s overlay of the same name.
import { buildApp, stackName } from "../lib/app.mjs";
import { environment, environments } from "../lib/environments.mjs";

const name = process.argv[2];
if (!Object.hasOwn(environments, name ?? "")) {
  console.error(`usage: template.mjs ENVIRONMENT (one of: ${Object.keys(environments).join(", ")})`);
  process.exit(2);
}

const { app } = buildApp();
const template = app.synth().getStackByName(stackName(name)).template;
const settings = environment(name, (key) => app.node.tryGetContext(key));
process.stdout.write(JSON.stringify({ environment: settings, template }));
