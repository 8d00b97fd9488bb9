import { Duration } from "aws-cdk-lib";
import * as events from "aws-cdk-lib/aws-events";
import * as targets from "aws-cdk-lib/aws-events-targets";
import * as sns from "aws-cdk-lib/aws-sns";
import * as subscriptions from "aws-cdk-lib/aws-sns-subscriptions";
import * as sqs from "aws-cdk-lib/aws-sqs";
import { queues, topicName } from "./names.mjs";

// A dead letter keeps its first enqueue time, so its queue must keep messages longer than the source does.
const deadLetterRetention = Duration.days(14);

function queueWithDeadLetters(scope, id, name, maxReceiveCount, retentionPeriod) {
  const deadLetters = new sqs.Queue(scope, `${id}DeadLetters`, {
    queueName: `${name}-dlq`,
    retentionPeriod: deadLetterRetention,
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
  });
  const queue = new sqs.Queue(scope, id, {
    queueName: name,
    retentionPeriod,
    // The consumers renew the visibility of what they hold (Sqs:VisibilityTimeout, 30 s).
    visibilityTimeout: Duration.seconds(30),
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    deadLetterQueue: { queue: deadLetters, maxReceiveCount },
  });
  return { queue, deadLetters };
}

/**
 * S3 "Object Created" events of the bucket reach upload-events through an EventBridge rule; the silos publish one
 * notification per finished upload to upload-completed, whose subscribers (the digest, mobile push) read queues of
 * their own with raw delivery: the body is the notification.
 */
export function messaging(scope, bucket) {
  const uploadEvents = queueWithDeadLetters(scope, "UploadEvents", queues.uploadEvents, 3, Duration.days(4));
  new events.Rule(scope, "ObjectCreated", {
    description: "Objects created in the uploads bucket, to the upload-events queue",
    eventPattern: {
      source: ["aws.s3"],
      detailType: ["Object Created"],
      detail: { bucket: { name: [bucket.bucketName] } },
    },
    targets: [new targets.SqsQueue(uploadEvents.queue)],
  });

  const topic = new sns.Topic(scope, "UploadCompleted", { topicName, enforceSSL: true });
  const subscribers = {};
  for (const [id, name] of [["Digest", queues.digest], ["Push", queues.push]]) {
    subscribers[id] = queueWithDeadLetters(scope, id, name, 5, Duration.days(4));
    topic.addSubscription(new subscriptions.SqsSubscription(subscribers[id].queue, { rawMessageDelivery: true }));
  }
  return { uploadEvents, topic, digest: subscribers.Digest, push: subscribers.Push };
}
