// The CDK app (cdk.json's "app"): every environment's stack; `npx cdk deploy BuildPeerUploads-<environment>`.
import { buildApp } from "../lib/app.mjs";

buildApp().app.synth();
