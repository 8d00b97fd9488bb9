import { App } from "aws-cdk-lib";
import { environment, environments } from "./environments.mjs";
import { UploadsStack } from "./uploads-stack.mjs";

export const stackName = (name) => `BuildPeerUploads-${name}`;

/** The app with one stack per environment, named BuildPeerUploads-<environment>. */
export function buildApp(props = {}) {
  const app = new App(props);
  const stacks = {};
  for (const name of Object.keys(environments)) {
    stacks[name] = new UploadsStack(app, stackName(name), environment(name, (key) => app.node.tryGetContext(key)));
  }
  return { app, stacks };
}
