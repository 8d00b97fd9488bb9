import { Duration, RemovalPolicy } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as s3 from "aws-cdk-lib/aws-s3";
import { keys } from "./names.mjs";

/**
 * The uploads bucket: private, encrypted, TLS only, Transfer Acceleration on (the production silos sign URLs for
 * the accelerate endpoint), every object-created event to EventBridge, CORS for the browser page's direct PUTs.
 */
export function uploadsBucket(scope, settings) {
  const bucket = new s3.Bucket(scope, "Uploads", {
    bucketName: settings.bucketName,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    encryption: s3.BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    transferAcceleration: true,
    // Files outlive any one deployment of the stack.
    removalPolicy: RemovalPolicy.RETAIN,
    cors: [{
      allowedOrigins: settings.origins,
      allowedMethods: [s3.HttpMethods.PUT, s3.HttpMethods.GET, s3.HttpMethods.HEAD],
      // What the signed URLs make the page send (PresignedPut.Headers, the optional checksum).
      allowedHeaders: ["Content-Type", "If-None-Match", "x-amz-checksum-sha256"],
      // The page completes a multipart upload with each part's ETag.
      exposedHeaders: ["ETag"],
      maxAge: 3000,
    }],
    lifecycleRules: [
      {
        id: "AbortIncompleteMultipartUploads",
        // The silos abort what they know of when an upload expires (about an hour after its URLs); this frees
        // the parts of uploads whose abort was lost.
        abortIncompleteMultipartUploadAfter: Duration.days(1),
      },
      {
        id: "ExpireQuarantine",
        // Infected files are kept for inspection only: nothing links to them.
        prefix: "quarantine/",
        expiration: Duration.days(settings.quarantineDays),
      },
      {
        id: "ExpireHealthProbes",
        // The silos only list this prefix; anything written there is never read.
        prefix: keys.healthProbe,
        expiration: Duration.days(1),
      },
    ],
  });

  // Native EventBridge delivery; the Bucket's eventBridgeEnabled would add a custom resource and its Lambda.
  bucket.node.defaultChild.addPropertyOverride("NotificationConfiguration.EventBridgeConfiguration.EventBridgeEnabled", true);

  // Upload keys are written once even by a credentialed client (docs/architecture.md, "Write-once objects"):
  // creating an object there needs If-None-Match. Parts take no conditional header and are not creations;
  // copies are exempt because the silos copy infected files to quarantine/<upload key>, which the pattern matches.
  bucket.addToResourcePolicy(new iam.PolicyStatement({
    sid: "UploadsAreWrittenOnce",
    effect: iam.Effect.DENY,
    principals: [new iam.AnyPrincipal()],
    actions: ["s3:PutObject"],
    resources: [bucket.arnForObjects(keys.uploads)],
    conditions: {
      Null: { "s3:if-none-match": "true", "s3:x-amz-copy-source": "true" },
      Bool: { "s3:ObjectCreationOperation": "true" },
    },
  }));
  return bucket;
}
