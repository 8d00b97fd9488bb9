import * as iam from "aws-cdk-lib/aws-iam";
import { keys, siloServiceAccount } from "./names.mjs";

/**
 * What the silo calls, found in its code, on exactly these resources. The gateway has no AWS role: it never calls
 * AWS (the silos sign the URLs and read the queues).
 * - S3: list one key of health-probe/ (readiness, dependency probe); read, write and delete upload keys (presigned
 *   PUT and part URLs, multipart initiate/complete/abort, processing reads, removing ended uploads' objects); write
 *   and sign reads of the derived objects (thumbnails, previews, text) and copy infected files to quarantine/.
 * - SQS: consume upload-events, the digest's and mobile push's queues; read depths of upload-events and its DLQ,
 *   and move dead letters back (receive and delete from the DLQ, send to upload-events).
 * - SNS: publish to upload-completed (its ARN is configured, so no CreateTopic).
 */
export function siloPolicyStatements({ bucket, uploadEvents, digest, push, topic }) {
  const consumed = [uploadEvents.queue, uploadEvents.deadLetters, digest.queue, push.queue];
  return [
    new iam.PolicyStatement({
      sid: "ListHealthProbePrefix",
      actions: ["s3:ListBucket"],
      resources: [bucket.bucketArn],
      conditions: { StringEquals: { "s3:prefix": keys.healthProbe } },
    }),
    new iam.PolicyStatement({
      sid: "ReadAndWriteOwnObjects",
      actions: ["s3:GetObject", "s3:PutObject"],
      resources: [keys.uploads, keys.thumbnails, keys.previews, keys.text, keys.quarantine].map((pattern) => bucket.arnForObjects(pattern)),
    }),
    new iam.PolicyStatement({
      sid: "RemoveUploadObjects",
      actions: ["s3:DeleteObject", "s3:AbortMultipartUpload"],
      resources: [bucket.arnForObjects(keys.uploads)],
    }),
    new iam.PolicyStatement({
      sid: "ConsumeQueues",
      actions: ["sqs:GetQueueUrl", "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility"],
      resources: consumed.map((queue) => queue.queueArn),
    }),
    new iam.PolicyStatement({
      sid: "ReadUploadEventsDepth",
      actions: ["sqs:GetQueueAttributes"],
      resources: [uploadEvents.queue.queueArn, uploadEvents.deadLetters.queueArn],
    }),
    new iam.PolicyStatement({
      sid: "RedriveDeadLetters",
      actions: ["sqs:SendMessage"],
      resources: [uploadEvents.queue.queueArn],
    }),
    new iam.PolicyStatement({
      sid: "PublishUploadCompleted",
      actions: ["sns:Publish"],
      resources: [topic.topicArn],
    }),
  ];
}

/**
 * The silo pods' role through IRSA: only the ServiceAccount buildpeer-silo of the environment's namespace, by the
 * cluster's OIDC provider, may assume it. Its permissions are a managed policy of their own, so a cluster without
 * IRSA can attach the same policy to the user whose keys it gives the silos.
 */
export function siloRole(scope, settings, resources) {
  const provider = `arn:aws:iam::${settings.account}:oidc-provider/${settings.oidcProvider}`;
  const policy = new iam.ManagedPolicy(scope, "SiloAccess", {
    managedPolicyName: settings.roleName,
    description: "What the BuildPeer silos call in S3, SQS and SNS",
    statements: siloPolicyStatements(resources),
  });
  return new iam.Role(scope, "Silo", {
    roleName: settings.roleName,
    description: `BuildPeer silo pods (${settings.namespace}/${siloServiceAccount}) through IRSA`,
    assumedBy: new iam.FederatedPrincipal(provider, {
      StringEquals: {
        [`${settings.oidcProvider}:sub`]: `system:serviceaccount:${settings.namespace}:${siloServiceAccount}`,
        [`${settings.oidcProvider}:aud`]: "sts.amazonaws.com",
      },
    }, "sts:AssumeRoleWithWebIdentity"),
    managedPolicies: [policy],
  });
}
