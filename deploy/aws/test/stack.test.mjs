// The wiring of each environment's stack, asserted on the synthesized template (offline: no AWS credentials).
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Match, Template } from "aws-cdk-lib/assertions";
import { buildApp } from "../lib/app.mjs";
import { environments } from "../lib/environments.mjs";

const { stacks } = buildApp();

function logicalId(template, type, properties) {
  const ids = Object.keys(template.findResources(type, { Properties: properties }));
  assert.equal(ids.length, 1, `one ${type} with ${JSON.stringify(properties)}, found ${ids.length}`);
  return ids[0];
}

const arnOf = (id) => ({ "Fn::GetAtt": [id, "Arn"] });

for (const name of Object.keys(environments)) {
  const settings = stacks[name].settings;
  const template = Template.fromStack(stacks[name]);
  const queueId = (queueName) => logicalId(template, "AWS::SQS::Queue", { QueueName: queueName });
  const bucketId = logicalId(template, "AWS::S3::Bucket", { BucketName: settings.bucketName });
  const topicId = logicalId(template, "AWS::SNS::Topic", { TopicName: "upload-completed" });

  describe(`${name}: the bucket`, () => {
    test("is private, encrypted, accelerated and sends its events to EventBridge", () => {
      template.hasResourceProperties("AWS::S3::Bucket", {
        BucketName: settings.bucketName,
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true,
        },
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }] },
        AccelerateConfiguration: { AccelerationStatus: "Enabled" },
        NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } },
      });
    });

    test("lets the browser page PUT, GET and HEAD with the signed headers and read ETags", () => {
      template.hasResourceProperties("AWS::S3::Bucket", {
        CorsConfiguration: {
          CorsRules: [{
            AllowedOrigins: settings.origins,
            AllowedMethods: Match.arrayWith(["PUT", "GET", "HEAD"]),
            AllowedHeaders: Match.arrayWith(["Content-Type", "If-None-Match", "x-amz-checksum-sha256"]),
            ExposedHeaders: ["ETag"],
          }],
        },
      });
    });

    test("aborts incomplete multipart uploads after a day and expires quarantine and probe leftovers", () => {
      template.hasResourceProperties("AWS::S3::Bucket", {
        LifecycleConfiguration: {
          Rules: Match.arrayWith([
            Match.objectLike({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 }, Status: "Enabled", Prefix: Match.absent() }),
            Match.objectLike({ Prefix: "quarantine/", ExpirationInDays: settings.quarantineDays, Status: "Enabled" }),
            Match.objectLike({ Prefix: "health-probe/", ExpirationInDays: 1, Status: "Enabled" }),
          ]),
        },
      });
    });

    test("refuses unconditional creation of upload keys, and plain HTTP", () => {
      template.hasResourceProperties("AWS::S3::BucketPolicy", {
        Bucket: { Ref: bucketId },
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: "Deny", Action: "s3:*", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
            Match.objectLike({
              Sid: "UploadsAreWrittenOnce", Effect: "Deny", Principal: { AWS: "*" }, Action: "s3:PutObject",
              Resource: { "Fn::Join": ["", [arnOf(bucketId), "/*/*/uploads/*"]] },
              Condition: {
                Null: { "s3:if-none-match": "true", "s3:x-amz-copy-source": "true" },
                Bool: { "s3:ObjectCreationOperation": "true" },
              },
            }),
          ]),
        },
      });
    });
  });

  describe(`${name}: events and notifications`, () => {
    test("an EventBridge rule sends this bucket's Object Created events to upload-events", () => {
      template.resourceCountIs("AWS::Events::Rule", 1);
      template.hasResourceProperties("AWS::Events::Rule", {
        EventPattern: { source: ["aws.s3"], "detail-type": ["Object Created"], detail: { bucket: { name: [{ Ref: bucketId }] } } },
        Targets: [Match.objectLike({ Arn: arnOf(queueId("upload-events")) })],
      });
      const ruleId = logicalId(template, "AWS::Events::Rule", {});
      template.hasResourceProperties("AWS::SQS::QueuePolicy", {
        Queues: [{ Ref: queueId("upload-events") }],
        PolicyDocument: {
          Statement: Match.arrayWith([Match.objectLike({
            Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: Match.arrayWith(["sqs:SendMessage"]),
            Condition: { ArnEquals: { "aws:SourceArn": arnOf(ruleId) } },
          })]),
        },
      });
    });

    for (const [queue, maxReceiveCount] of [["upload-events", 3], ["upload-digest", 5], ["upload-push", 5]]) {
      test(`${queue} dead-letters to ${queue}-dlq after ${maxReceiveCount} receives`, () => {
        template.hasResourceProperties("AWS::SQS::Queue", {
          QueueName: queue,
          RedrivePolicy: { deadLetterTargetArn: arnOf(queueId(`${queue}-dlq`)), maxReceiveCount },
        });
      });
    }

    for (const queue of ["upload-digest", "upload-push"]) {
      test(`${queue} is subscribed to upload-completed with raw delivery, and the topic may send to it`, () => {
        template.hasResourceProperties("AWS::SNS::Subscription", {
          TopicArn: { Ref: topicId }, Protocol: "sqs", Endpoint: arnOf(queueId(queue)), RawMessageDelivery: true,
        });
        template.hasResourceProperties("AWS::SQS::QueuePolicy", {
          Queues: [{ Ref: queueId(queue) }],
          PolicyDocument: {
            Statement: Match.arrayWith([Match.objectLike({
              Effect: "Allow", Principal: { Service: "sns.amazonaws.com" }, Action: "sqs:SendMessage",
              Condition: { ArnEquals: { "aws:SourceArn": { Ref: topicId } } },
            })]),
          },
        });
      });
    }

    test("there are exactly the six queues and one topic", () => {
      template.resourceCountIs("AWS::SQS::Queue", 6);
      template.resourceCountIs("AWS::SNS::Topic", 1);
      template.resourceCountIs("AWS::SNS::Subscription", 2);
    });
  });

  describe(`${name}: the silo's role`, () => {
    test("is the only role, assumable only by the silo's ServiceAccount through the cluster's OIDC provider", () => {
      template.resourceCountIs("AWS::IAM::Role", 1);
      template.resourceCountIs("AWS::IAM::Policy", 0);
      template.hasResourceProperties("AWS::IAM::Role", {
        RoleName: settings.roleName,
        AssumeRolePolicyDocument: {
          Statement: [{
            Effect: "Allow",
            Action: "sts:AssumeRoleWithWebIdentity",
            Principal: { Federated: `arn:aws:iam::${settings.account}:oidc-provider/${settings.oidcProvider}` },
            Condition: {
              StringEquals: {
                [`${settings.oidcProvider}:sub`]: `system:serviceaccount:${settings.namespace}:buildpeer-silo`,
                [`${settings.oidcProvider}:aud`]: "sts.amazonaws.com",
              },
            },
          }],
        },
        ManagedPolicyArns: [{ Ref: logicalId(template, "AWS::IAM::ManagedPolicy", {}) }],
      });
    });

    test("may do exactly what the silo calls, on exactly these resources", () => {
      const objects = (pattern) => ({ "Fn::Join": ["", [arnOf(bucketId), pattern]] });
      const policy = Object.values(template.findResources("AWS::IAM::ManagedPolicy"))[0].Properties;
      const consumed = ["upload-events", "upload-events-dlq", "upload-digest", "upload-push"].map((queue) => arnOf(queueId(queue)));
      assert.deepEqual(policy.PolicyDocument.Statement, [
        { Sid: "ListHealthProbePrefix", Effect: "Allow", Action: "s3:ListBucket", Resource: arnOf(bucketId),
          Condition: { StringEquals: { "s3:prefix": "health-probe/" } } },
        { Sid: "ReadAndWriteOwnObjects", Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject"],
          Resource: ["/*/*/uploads/*", "/*/*/thumbnails/*", "/*/*/previews/*", "/*/*/text/*", "/quarantine/*"].map(objects) },
        { Sid: "RemoveUploadObjects", Effect: "Allow", Action: ["s3:DeleteObject", "s3:AbortMultipartUpload"],
          Resource: objects("/*/*/uploads/*") },
        { Sid: "ConsumeQueues", Effect: "Allow",
          Action: ["sqs:GetQueueUrl", "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility"], Resource: consumed },
        { Sid: "ReadUploadEventsDepth", Effect: "Allow", Action: "sqs:GetQueueAttributes", Resource: consumed.slice(0, 2) },
        { Sid: "RedriveDeadLetters", Effect: "Allow", Action: "sqs:SendMessage", Resource: consumed[0] },
        { Sid: "PublishUploadCompleted", Effect: "Allow", Action: "sns:Publish", Resource: { Ref: topicId } },
      ]);
    });

    test("needs no bootstrap, custom resource or Lambda to deploy", () => {
      template.resourceCountIs("AWS::Lambda::Function", 0);
      assert.equal(template.toJSON().Parameters?.BootstrapVersion, undefined);
      assert.deepEqual(stacks[name].environment, `aws://${settings.account}/${settings.region}`);
    });
  });
}

test("context overrides an environment's OIDC provider and origins", () => {
  const { stacks: overridden } = buildApp({
    context: { "production.oidcProvider": "oidc.eks.eu-west-1.amazonaws.com/id/ABC", "production.origins": "https://a.example, https://b.example" },
  });
  const template = Template.fromStack(overridden.production);
  template.hasResourceProperties("AWS::IAM::Role", {
    AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Federated: "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC" } })] },
  });
  template.hasResourceProperties("AWS::S3::Bucket", {
    CorsConfiguration: { CorsRules: [Match.objectLike({ AllowedOrigins: ["https://a.example", "https://b.example"] })] },
  });
});
