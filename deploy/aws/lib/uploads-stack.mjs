import { CfnOutput, CliCredentialsStackSynthesizer, Stack } from "aws-cdk-lib";
import { uploadsBucket } from "./bucket.mjs";
import { messaging } from "./messaging.mjs";
import { siloRole } from "./silo-role.mjs";

/** Everything BuildPeer Uploads needs in one AWS account: bucket, events, queues, topic and the silos' role. */
export class UploadsStack extends Stack {
  constructor(scope, id, settings) {
    super(scope, id, {
      env: { account: settings.account, region: settings.region },
      description: "BuildPeer Uploads: bucket, upload events, notifications and the silos' IRSA role (deploy/aws)",
      // No assets and no custom resources: deployable with the caller's credentials, without `cdk bootstrap`.
      synthesizer: new CliCredentialsStackSynthesizer(),
    });
    this.settings = settings;
    const bucket = uploadsBucket(this, settings);
    const queues = messaging(this, bucket);
    const role = siloRole(this, settings, { bucket, ...queues });

    new CfnOutput(this, "BucketName", { value: bucket.bucketName, description: "S3__BucketName" });
    new CfnOutput(this, "UploadCompletedTopicArn", { value: queues.topic.topicArn, description: "Sns__UploadCompletedTopicArn" });
    new CfnOutput(this, "SiloRoleArn", { value: role.roleArn, description: "eks.amazonaws.com/role-arn of the ServiceAccount buildpeer-silo" });
  }
}
