// One stack per deploy/k8s overlay, with the same names: each environment is its own AWS account, so the queue and
// topic names are the same everywhere and only the bucket (a global name), the account and the cluster differ.
// Replace the accounts, origins and OIDC providers with yours; any of them can also be given on the command line
// as context, e.g. `-c production.oidcProvider=oidc.eks.us-east-1.amazonaws.com/id/0123456789ABCDEF`.
export const environments = {
  dev: {
    account: "210987654321",
    region: "us-east-1",
    // The overlay's namespace and the silo's ServiceAccount (deploy/k8s/base/silo/rbac.yaml).
    namespace: "buildpeer-dev",
    bucketName: "buildpeer-uploads-dev",
    // The browser page is served by the gateway, so its origin is the Ingress host of the overlay.
    origins: ["https://uploads.dev.example.com"],
    oidcProvider: "oidc.eks.us-east-1.amazonaws.com/id/DEV00000000000000000000000000000",
    roleName: "buildpeer-silo-dev",
    quarantineDays: 7,
  },
  production: {
    account: "123456789012",
    region: "us-east-1",
    namespace: "buildpeer",
    bucketName: "buildpeer-uploads-production",
    origins: ["https://uploads.buildpeer.example.com"],
    oidcProvider: "oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B716D3041E",
    roleName: "buildpeer-silo",
    quarantineDays: 30,
  },
};

const overridable = ["account", "region", "namespace", "bucketName", "oidcProvider", "roleName", "quarantineDays"];

/** The settings of `name`, with what the CDK context overrides (`<name>.<setting>`; origins comma-separated). */
export function environment(name, context = () => undefined) {
  const settings = { ...environments[name] };
  for (const key of overridable) {
    const value = context(`${name}.${key}`);
    if (value !== undefined) {
      settings[key] = key === "quarantineDays" ? Number(value) : String(value);
    }
  }
  const origins = context(`${name}.origins`);
  if (origins !== undefined) {
    settings.origins = String(origins).split(",").map((origin) => origin.trim()).filter(Boolean);
  }
  return settings;
}
