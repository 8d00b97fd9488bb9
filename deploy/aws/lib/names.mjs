// Names the services read from their configuration (deploy/k8s/base/silo/configmap.yaml, scripts/stack.sh) and the
// key layout of the bucket (src/Grains/Uploads/Naming/UploadKey.cs, src/Grains/Uploads/Processing/Storage/DerivedKeys.cs).
export const queues = {
  uploadEvents: "upload-events",
  uploadEventsDeadLetters: "upload-events-dlq",
  digest: "upload-digest",
  push: "upload-push",
};

export const topicName = "upload-completed";

export const siloServiceAccount = "buildpeer-silo";

// IAM wildcards match "/" too, so "*/*/uploads/*" also covers "quarantine/<tenant>/<project>/uploads/...".
export const keys = {
  uploads: "*/*/uploads/*",
  thumbnails: "*/*/thumbnails/*",
  previews: "*/*/previews/*",
  text: "*/*/text/*",
  quarantine: "quarantine/*",
  // The only prefix the silos list (the readiness check and the dependency probe: one key at most).
  healthProbe: "health-probe/",
};
