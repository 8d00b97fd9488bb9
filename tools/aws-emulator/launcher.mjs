// BuildPeer local AWS emulator: S3 (@20minutes/s3rver) + SQS/SNS (fauxqs) in one process.
//
// What this launcher adds on top of the two packages (see README.md):
//   * binds both servers to 127.0.0.1 only;
//   * provisions the bucket (with CORS), the upload-events queue + DLQ (redrive, maxReceiveCount 3) and the
//     upload-completed topic at start-up, so the application never needs bucket/queue-level calls;
//   * its own SigV4 verification for S3 (header-signed and presigned; canonical path exactly as sent, so
//     bucket-level requests with a trailing slash verify; expiry; clock skew; anonymous requests refused);
//   * aws-chunked request bodies (the AWS SDKs' streaming/trailer checksum uploads) are decoded;
//   * multipart: AbortMultipartUpload, ListParts, part validation and AWS-style "<md5>-<N>" ETags;
//   * conditional requests as S3 has them: `If-None-Match: *` on PutObject and CompleteMultipartUpload (412 when
//     the key exists, 409 ConditionalRequestConflict while another conditional write of it runs), `If-Match` on
//     GetObject/HeadObject (412 when the ETag differs);
//   * payload checks: `x-amz-checksum-sha256` and `Content-MD5` on PutObject/UploadPart are checked against the
//     body before anything is stored (400 BadDigest);
//   * S3 ObjectCreated:* notifications are delivered to the upload-events queue as S3 event JSON, plus one
//     s3:TestEvent at start-up, as S3 does when the notification configuration is set;
//   * EventBridge delivery as AWS does it for a bucket with EventBridge notifications on and a rule for
//     "Object Created" targeting a queue: the EventBridge envelope, keys not URL-encoded, no test event. A second
//     bucket always delivers this way to its own queue; BUILDPEER_S3_EVENTS=eventbridge makes the main one do so.
//
// Configuration comes from the environment; see readConfig() below. Production uses real AWS.

import { createRequire } from 'node:module';
import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { Transform } from 'node:stream';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { buildApp } from 'fauxqs';

const require = createRequire(import.meta.url);

// ---------------------------------------------------------------------------------------------------------
// configuration

function readConfig() {
  const env = process.env;
  const list = (s) => (s || '').split(',').map((x) => x.trim()).filter(Boolean);
  return {
    host: '127.0.0.1',
    // where both servers listen: loopback, or 0.0.0.0 inside a container (docker-compose.yml)
    bindHost: env.BUILDPEER_EMULATOR_HOST || '127.0.0.1',
    s3Port: Number(env.BUILDPEER_S3_PORT || 4569),
    sqsPort: Number(env.BUILDPEER_SQS_PORT || 4566),
    region: env.AWS_REGION || 'us-east-1',
    accessKeyId: env.AWS_ACCESS_KEY_ID || 'buildpeer-local',
    secretAccessKey: env.AWS_SECRET_ACCESS_KEY || 'buildpeer-local-secret',
    s3Dir: env.BUILDPEER_S3_DIR || path.join(env.BUILDPEER_STACK_DIR || '/tmp/buildpeer-stack', 's3'),
    bucket: env.BUILDPEER_BUCKET || 'buildpeer-uploads',
    queue: env.BUILDPEER_QUEUE || 'upload-events',
    dlq: env.BUILDPEER_DLQ || 'upload-events-dlq',
    maxReceiveCount: String(env.BUILDPEER_MAX_RECEIVE_COUNT || 3),
    topic: env.BUILDPEER_TOPIC || 'upload-completed',
    // queues subscribed to the topic at start (raw delivery, DLQ after 5 receives), where no script does it
    topicSubscribers: list(env.BUILDPEER_TOPIC_SUBSCRIBERS),
    // how the main bucket's ObjectCreated events reach its queue: an S3 event notification or an EventBridge rule
    delivery: parseDelivery(env.BUILDPEER_S3_EVENTS),
    eventBridgeBucket: env.BUILDPEER_EVENTBRIDGE_BUCKET || 'buildpeer-uploads-eventbridge',
    eventBridgeQueue: env.BUILDPEER_EVENTBRIDGE_QUEUE || 'upload-events-eventbridge',
    account: env.BUILDPEER_AWS_ACCOUNT || '000000000000',
    // any loopback port: the tests' gateways listen on free ports, and browsers send the port in Origin
    corsOrigins: [...new Set(['http://localhost:*', 'http://127.0.0.1:*', ...list(env.BUILDPEER_CORS_ORIGINS)])],
    verbose: env.BUILDPEER_EMULATOR_VERBOSE === '1',
  };
}

function parseDelivery(value) {
  const delivery = (value || 's3').trim().toLowerCase();
  if (delivery !== 's3' && delivery !== 'eventbridge') {
    throw new Error(`BUILDPEER_S3_EVENTS must be "s3" or "eventbridge", not "${value}"`);
  }
  return delivery;
}

const cfg = readConfig();

// What this launcher emulates beyond plain s3rver, named in /_health so that tests can tell an emulator started
// from an older launcher (still running on a developer's machine) from a current one.
const FEATURES = ['write-once', 'if-match', 'checksum-sha256', 'eventbridge'];
const log = (...a) => console.log(new Date().toISOString(), '[aws-emulator]', ...a);

// ---------------------------------------------------------------------------------------------------------
// SQS / SNS (fauxqs). startFauxqs() listens on 0.0.0.0, so build the app and listen on loopback ourselves.

const sqsApp = buildApp({ logger: cfg.verbose, defaultRegion: cfg.region });

// Calls the SQS JSON API in-process (fauxqs checks no signatures).
async function sqs(action, body) {
  const res = await sqsApp.inject({
    method: 'POST',
    url: '/',
    headers: {
      host: `${cfg.host}:${cfg.sqsPort}`,
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': `AmazonSQS.${action}`,
    },
    payload: JSON.stringify(body),
  });
  const json = res.body ? JSON.parse(res.body) : {};
  if (res.statusCode >= 300) throw new Error(`SQS ${action} failed (${res.statusCode}): ${res.body}`);
  return json;
}

async function sns(action, params) {
  const res = await sqsApp.inject({
    method: 'POST',
    url: '/',
    headers: { host: `${cfg.host}:${cfg.sqsPort}`, 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ Action: action, Version: '2010-03-31', ...params }).toString(),
  });
  if (res.statusCode >= 300) throw new Error(`SNS ${action} failed (${res.statusCode}): ${res.body}`);
  return res.body;
}

// Where each bucket's ObjectCreated events go: bucket name -> { queueUrl, delivery: 's3' | 'eventbridge' }.
const notifications = new Map();

async function createQueueWithDeadLetters(name, dlqName) {
  const dlq = await sqs('CreateQueue', { QueueName: dlqName });
  const dlqAttrs = await sqs('GetQueueAttributes', { QueueUrl: dlq.QueueUrl, AttributeNames: ['QueueArn'] });
  const redrive = JSON.stringify({
    deadLetterTargetArn: dlqAttrs.Attributes.QueueArn,
    maxReceiveCount: cfg.maxReceiveCount,
  });
  const q = await sqs('CreateQueue', { QueueName: name, Attributes: { RedrivePolicy: redrive } });
  log(`queue ${name} (DLQ ${dlqName} after ${cfg.maxReceiveCount} receives)`);
  return q.QueueUrl;
}

async function provisionMessaging() {
  notifications.set(cfg.bucket, {
    queueUrl: await createQueueWithDeadLetters(cfg.queue, cfg.dlq),
    queue: cfg.queue,
    delivery: cfg.delivery,
  });
  notifications.set(cfg.eventBridgeBucket, {
    queueUrl: await createQueueWithDeadLetters(cfg.eventBridgeQueue, `${cfg.eventBridgeQueue}-dlq`),
    queue: cfg.eventBridgeQueue,
    delivery: 'eventbridge',
  });
  const topicArn = /<TopicArn>([^<]+)<\/TopicArn>/.exec(await sns('CreateTopic', { Name: cfg.topic }))[1];
  for (const queue of cfg.topicSubscribers) await subscribeQueue(topicArn, queue);
  log(`topic ${cfg.topic}; ${cfg.bucket} -> ${cfg.queue} (${cfg.delivery}), ${cfg.eventBridgeBucket} -> ${cfg.eventBridgeQueue} (eventbridge)`);
}

// As scripts/stack.sh subscribes a consumer's queue: dead letters after 5 receives, messages kept an hour.
async function subscribeQueue(topicArn, queue) {
  const dlq = await sqs('CreateQueue', { QueueName: `${queue}-dlq` });
  const dlqArn = (await sqs('GetQueueAttributes', { QueueUrl: dlq.QueueUrl, AttributeNames: ['QueueArn'] })).Attributes.QueueArn;
  const q = await sqs('CreateQueue', {
    QueueName: queue,
    Attributes: {
      MessageRetentionPeriod: '3600',
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: '5' }),
    },
  });
  const arn = (await sqs('GetQueueAttributes', { QueueUrl: q.QueueUrl, AttributeNames: ['QueueArn'] })).Attributes.QueueArn;
  await sns('Subscribe', {
    TopicArn: topicArn,
    Protocol: 'sqs',
    Endpoint: arn,
    'Attributes.entry.1.key': 'RawMessageDelivery',
    'Attributes.entry.1.value': 'true',
  });
  log(`queue ${queue} (DLQ ${queue}-dlq) subscribed to topic ${cfg.topic}`);
}

async function enqueue(queueUrl, body) {
  await sqs('SendMessage', { QueueUrl: queueUrl, MessageBody: JSON.stringify(body) });
}

// ---------------------------------------------------------------------------------------------------------
// S3 (s3rver). Patch its AWS4 body parser *before* loading it, so its controllers use our decoded bodies.

const s3rverV4 = require('@20minutes/s3rver/lib/signature/v4');
s3rverV4.aws4SignatureBodyParser = function aws4SignatureBodyParser(ctx) {
  ctx.request.body = ctx.state.decodedBody || ctx.req;
};

const S3rver = require('@20minutes/s3rver');
const S3Error = require('@20minutes/s3rver/lib/models/error');
const AWSAccount = require('@20minutes/s3rver/lib/models/account');
const s3rverRouter = require('@20minutes/s3rver/lib/routes');

// Replace the built-in dummy key pair (S3RVER/S3RVER) with the configured one.
AWSAccount.DUMMY_ACCOUNT.revokeAccessKey('S3RVER');
AWSAccount.DUMMY_ACCOUNT.createKeyPair(cfg.accessKeyId, cfg.secretAccessKey);

// ---- SigV4 ------------------------------------------------------------------------------------------------

const rfc3986 = (s) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());

function safeDecode(s) {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function parseRawQuery(qs) {
  if (!qs) return [];
  return qs
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const i = pair.indexOf('=');
      const k = i < 0 ? pair : pair.slice(0, i);
      const v = i < 0 ? '' : pair.slice(i + 1);
      return [safeDecode(k.replace(/\+/g, ' ')), safeDecode(v.replace(/\+/g, ' '))];
    });
}

const sha256hex = (data) => createHash('sha256').update(data).digest('hex');
const hmac = (key, data) => createHmac('sha256', key).update(data, 'utf8').digest();

function signingKey(secret, date, region, service) {
  return hmac(hmac(hmac(hmac('AWS4' + secret, date), region), service), 'aws4_request');
}

function parseAmzDate(s) {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s || '');
  if (!m) return NaN;
  return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
}

const PRESIGN_PARAMS = new Set([
  'X-Amz-Algorithm',
  'X-Amz-Credential',
  'X-Amz-Date',
  'X-Amz-Expires',
  'X-Amz-SignedHeaders',
  'X-Amz-Signature',
  'X-Amz-Security-Token',
]);

// Verifies the request's SigV4 signature like S3 does. Returns { accessKeyId, payloadHash } or throws S3Error.
function verifySigV4(ctx) {
  const headers = ctx.req.headers;
  const [rawPath, rawQuery = ''] = ctx.originalUrl.split(/\?(.*)/s);
  const query = parseRawQuery(rawQuery);
  const qget = (name) => {
    const hit = query.find(([k]) => k === name);
    return hit ? hit[1] : undefined;
  };
  const auth = headers.authorization;
  const presigned = qget('X-Amz-Algorithm') !== undefined;
  const v2 = qget('Signature') !== undefined || qget('AWSAccessKeyId') !== undefined || /^AWS /.test(auth || '');

  if (!auth && !presigned && !v2) throw new S3Error('AccessDenied', 'Access Denied');
  if ((auth ? 1 : 0) + (presigned ? 1 : 0) > 1) {
    throw new S3Error(
      'InvalidArgument',
      'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string ' +
        'parameter or the Authorization header should be specified',
    );
  }
  if (v2) throw new S3Error('InvalidRequest', 'The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.');

  let credential, signedHeaders, provided, amzDate, payloadHash;
  if (presigned) {
    if (qget('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256') {
      throw new S3Error('AuthorizationQueryParametersError', 'X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"');
    }
    for (const p of ['X-Amz-Credential', 'X-Amz-Signature', 'X-Amz-Date', 'X-Amz-SignedHeaders', 'X-Amz-Expires']) {
      if (qget(p) === undefined) {
        throw new S3Error(
          'AuthorizationQueryParametersError',
          'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, ' +
            'X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.',
        );
      }
    }
    credential = qget('X-Amz-Credential');
    signedHeaders = qget('X-Amz-SignedHeaders');
    provided = qget('X-Amz-Signature');
    amzDate = qget('X-Amz-Date');
    payloadHash = qget('X-Amz-Content-Sha256') || headers['x-amz-content-sha256'] || 'UNSIGNED-PAYLOAD';
  } else {
    const m = /^AWS4-HMAC-SHA256\s+(.*)$/s.exec(auth);
    if (!m) throw new S3Error('InvalidArgument', 'Unsupported Authorization Type');
    const parts = Object.fromEntries(
      m[1].split(',').map((p) => {
        const [k, ...v] = p.trim().split('=');
        return [k, v.join('=')];
      }),
    );
    if (!parts.Credential || !parts.SignedHeaders || !parts.Signature) {
      throw new S3Error(
        'AuthorizationHeaderMalformed',
        'The authorization header is malformed; the authorization header requires three components: ' +
          'Credential, SignedHeaders, and Signature.',
      );
    }
    credential = parts.Credential;
    signedHeaders = parts.SignedHeaders;
    provided = parts.Signature;
    amzDate = headers['x-amz-date'];
    payloadHash = headers['x-amz-content-sha256'];
    if (!payloadHash) {
      throw new S3Error('InvalidRequest', 'Missing required header for this request: x-amz-content-sha256');
    }
  }

  const [accessKeyId, scopeDate, scopeRegion, scopeService, terminator] = credential.split('/');
  const malformed = presigned ? 'AuthorizationQueryParametersError' : 'AuthorizationHeaderMalformed';
  if (!terminator || terminator !== 'aws4_request' || scopeService !== 's3') {
    throw new S3Error(malformed, `Error parsing the X-Amz-Credential parameter; incorrect service "${scopeService}" or terminal "${terminator}".`);
  }
  if (scopeRegion !== cfg.region) {
    throw new S3Error(malformed, `The authorization header is malformed; the region '${scopeRegion}' is wrong; expecting '${cfg.region}'`, { Region: cfg.region });
  }
  const account = AWSAccount.registry.get(accessKeyId);
  if (!account) {
    throw new S3Error('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.', {
      AWSAccessKeyId: accessKeyId,
    });
  }

  const requestTime = parseAmzDate(amzDate);
  if (Number.isNaN(requestTime)) {
    if (presigned) {
      throw new S3Error('AuthorizationQueryParametersError', "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"");
    }
    throw new S3Error('AccessDenied', 'AWS authentication requires a valid Date or x-amz-date header');
  }
  if (amzDate.slice(0, 8) !== scopeDate) {
    throw new S3Error('SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your key and signing method.');
  }
  const now = Date.now();
  if (presigned) {
    const expires = Number(qget('X-Amz-Expires'));
    if (!Number.isInteger(expires) || expires < 0) {
      throw new S3Error('AuthorizationQueryParametersError', 'X-Amz-Expires must be non-negative');
    }
    if (expires > 604800) {
      throw new S3Error('AuthorizationQueryParametersError', 'X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than 604800 seconds');
    }
    if (now > requestTime + expires * 1000) {
      throw new S3Error('AccessDenied', 'Request has expired', {
        'X-Amz-Expires': String(expires),
        Expires: new Date(requestTime + expires * 1000).toISOString().replace(/\.\d+/, ''),
        ServerTime: new Date(now).toISOString().replace(/\.\d+/, ''),
      });
    }
    if (requestTime > now + 15 * 60 * 1000) throw new S3Error('AccessDenied', 'Request is not valid yet');
  } else if (Math.abs(now - requestTime) > 15 * 60 * 1000) {
    throw new S3Error('RequestTimeTooSkewed', 'The difference between the request time and the current time is too large.', {
      RequestTime: amzDate,
      ServerTime: new Date(now).toISOString().replace(/\.\d+/, ''),
    });
  }

  // canonical request: the path exactly as the client sent it (each segment normalised to RFC 3986), no
  // dot-segment or slash normalisation (S3 does none), sorted query without the signature, signed headers.
  const canonicalUri = rawPath
    .split('/')
    .map((seg) => rfc3986(safeDecode(seg)))
    .join('/');
  const canonicalQuery = query
    .filter(([k]) => !(presigned && k === 'X-Amz-Signature'))
    .map(([k, v]) => [rfc3986(k), rfc3986(v)])
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const headerNames = signedHeaders.split(';');
  const canonicalHeaders = headerNames
    .map((h) => {
      let v = headers[h];
      if (Array.isArray(v)) v = v.join(',');
      return `${h}:${(v ?? '').toString().trim().replace(/\s+/g, ' ')}\n`;
    })
    .join('');
  const canonicalRequest = [ctx.method, canonicalUri, canonicalQuery, canonicalHeaders, signedHeaders, payloadHash].join('\n');
  const scope = [scopeDate, scopeRegion, scopeService, terminator].join('/');
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256hex(canonicalRequest)].join('\n');
  const key = signingKey(account.accessKeys.get(accessKeyId), scopeDate, scopeRegion, scopeService);
  const expected = createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex');
  const ok =
    typeof provided === 'string' &&
    provided.length === expected.length &&
    timingSafeEqual(Buffer.from(provided), Buffer.from(expected));
  if (!ok) {
    if (cfg.verbose) log('signature mismatch; canonical request:\n' + canonicalRequest);
    throw new S3Error(
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
      { AWSAccessKeyId: accessKeyId, StringToSign: stringToSign, CanonicalRequest: canonicalRequest },
    );
  }
  if (!presigned && !/^(UNSIGNED-PAYLOAD|STREAMING-[A-Z0-9-]+|[0-9a-f]{64})$/.test(payloadHash)) {
    throw new S3Error('InvalidArgument', 'x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-..., or a valid sha256 value.');
  }
  return { account, accessKeyId, payloadHash, query };
}

// ---- aws-chunked bodies -----------------------------------------------------------------------------------
// Format: <hex-size>[;chunk-signature=...]\r\n<data>\r\n ... 0[;...]\r\n[trailer lines\r\n]\r\n
// Chunk signatures and trailing checksums are not verified (see README).

class AwsChunkedDecoder extends Transform {
  constructor() {
    super();
    this.state = 'size';
    this.line = Buffer.alloc(0);
    this.remaining = 0;
    this.decoded = 0;
  }

  _transform(chunk, _enc, cb) {
    try {
      let i = 0;
      while (i < chunk.length) {
        if (this.state === 'data') {
          const n = Math.min(this.remaining, chunk.length - i);
          this.push(chunk.subarray(i, i + n));
          this.decoded += n;
          this.remaining -= n;
          i += n;
          if (this.remaining === 0) this.state = 'crlf';
        } else if (this.state === 'crlf') {
          // the two bytes after the data
          this.line = Buffer.concat([this.line, chunk.subarray(i, i + 1)]);
          i += 1;
          if (this.line.length === 2) {
            if (this.line.toString() !== '\r\n') throw new S3Error('IncompleteBody', 'The request body terminated unexpectedly');
            this.line = Buffer.alloc(0);
            this.state = 'size';
          }
        } else if (this.state === 'size') {
          const nl = chunk.indexOf(0x0a, i);
          const end = nl < 0 ? chunk.length : nl + 1;
          this.line = Buffer.concat([this.line, chunk.subarray(i, end)]);
          i = end;
          if (this.line.length > 4096) throw new S3Error('IncompleteBody', 'The request body terminated unexpectedly');
          if (nl >= 0) {
            const text = this.line.toString('latin1').replace(/\r?\n$/, '');
            this.line = Buffer.alloc(0);
            const size = parseInt(text.split(';')[0], 16);
            if (!Number.isInteger(size) || size < 0) throw new S3Error('IncompleteBody', 'The request body terminated unexpectedly');
            if (size === 0) this.state = 'trailer';
            else {
              this.remaining = size;
              this.state = 'data';
            }
          }
        } else {
          // trailer section: ignore everything (x-amz-checksum-*, x-amz-trailer-signature)
          i = chunk.length;
        }
      }
      cb();
    } catch (err) {
      cb(err);
    }
  }

  _flush(cb) {
    if (this.state !== 'trailer') cb(new S3Error('IncompleteBody', 'The request body terminated unexpectedly'));
    else if (this.expected !== undefined && this.expected !== this.decoded) {
      cb(new S3Error('IncompleteBody', 'You did not provide the number of bytes specified by the Content-Length HTTP header'));
    } else cb();
  }
}

// ---- multipart helpers ------------------------------------------------------------------------------------

let store; // s3rver's FilesystemStore, set after construction
const uploadDir = (bucket, uploadId) => path.join(store.getResourcePath(bucket, undefined, 'uploads'), uploadId);
const MIN_PART = 5 * 1024 * 1024;
const completedMultipart = new Set();

function bucketAndKey(ctx) {
  // ctx.path is path-style here (s3rver's vhost middleware has run)
  const segs = ctx.path.split('/');
  return { bucket: safeDecode(segs[1] || ''), key: segs.slice(2).map(safeDecode).join('/') };
}

async function listParts(ctx, bucket, key, uploadId) {
  const dir = uploadDir(bucket, uploadId);
  const names = fs.readdirSync(dir).filter((n) => /^\d+$/.test(n)).map(Number).sort((a, b) => a - b);
  const marker = Number(ctx.query['part-number-marker'] || 0);
  const maxParts = Math.min(Number(ctx.query['max-parts'] || 1000), 1000);
  const after = names.filter((n) => n > marker);
  const page = after.slice(0, maxParts);
  const parts = page.map((n) => {
    const st = fs.statSync(path.join(dir, String(n)));
    const md5 = fs.readFileSync(path.join(dir, `${n}.md5`), 'utf8');
    return { PartNumber: n, LastModified: st.mtime.toISOString(), ETag: JSON.stringify(md5), Size: st.size };
  });
  const owner = { ID: AWSAccount.DUMMY_ACCOUNT.id, DisplayName: AWSAccount.DUMMY_ACCOUNT.displayName };
  ctx.body = {
    ListPartsResult: {
      '@': { xmlns: 'http://s3.amazonaws.com/doc/2006-03-01/' },
      Bucket: bucket,
      Key: key,
      UploadId: uploadId,
      Initiator: owner,
      Owner: owner,
      StorageClass: 'STANDARD',
      PartNumberMarker: marker,
      NextPartNumberMarker: page.length ? page[page.length - 1] : marker,
      MaxParts: maxParts,
      IsTruncated: after.length > page.length,
      ...(parts.length ? { Part: parts } : {}),
    },
  };
}

// ---- write-once and payload checks ----------------------------------------------------------------------

const conditionalWrites = new Set(); // "bucket/key" of conditional writes in progress
const spoolDir = path.join(os.tmpdir(), `buildpeer-s3-spool-${process.pid}`);
// a checked body goes on to s3rver in large reads: 64 KiB ones cost a thread-pool round trip and a write each
const SPOOL_CHUNK = 1024 * 1024;

const objectPath = (bucket, key) => store.getResourcePath(bucket, key, 'object');
const objectExists = (bucket, key) => fs.existsSync(objectPath(bucket, key));

function storedETag(bucket, key) {
  try {
    return fs.readFileSync(`${objectPath(bucket, key)}.md5`, 'utf8').trim();
  } catch {
    return undefined;
  }
}

// PutObject, UploadPart, CompleteMultipartUpload or GetObject/HeadObject, as S3 tells them apart.
function operationOf(ctx, key) {
  if (!key) return undefined;
  const { uploadId, partNumber } = ctx.query;
  if (ctx.method === 'PUT' && uploadId !== undefined && partNumber !== undefined) return 'UploadPart';
  if (ctx.method === 'PUT' && uploadId === undefined && ctx.query.tagging === undefined && ctx.query.acl === undefined) {
    return ctx.get('x-amz-copy-source') ? 'CopyObject' : 'PutObject';
  }
  if (ctx.method === 'POST' && uploadId !== undefined) return 'CompleteMultipartUpload';
  const subresource = ['uploads', 'tagging', 'acl', 'cors', 'policy', 'versions'].some((q) => ctx.query[q] !== undefined);
  if ((ctx.method === 'GET' || ctx.method === 'HEAD') && uploadId === undefined && !subresource) return 'GetObject';
  return undefined;
}

const preconditionFailed = (condition) =>
  new S3Error('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', { Condition: condition });

function conflict() {
  const err = new S3Error('ConditionalRequestConflict', 'A conflicting conditional operation is currently in progress against this resource. Please try again.');
  err.status = 409;
  err.expose = true;
  return err;
}

// If-Match on a read: S3 answers 412 when the object's ETag is another ('*' matches any object).
function checkIfMatch(ctx, bucket, key) {
  const wanted = ctx.get('if-match');
  if (wanted === '') return;
  const etag = storedETag(bucket, key);
  if (etag === undefined) return; // s3rver answers NoSuchKey
  const accepted = wanted.split(',').map((t) => t.trim().replace(/^W\//, '').replace(/"/g, ''));
  if (!accepted.includes('*') && !accepted.includes(etag)) throw preconditionFailed('If-Match');
}

// The body's SHA-256 and MD5 against x-amz-checksum-sha256 / Content-MD5. The body is spooled to a file first, so
// that a wrong digest stores nothing (S3 too stores nothing); returns the file to hand to s3rver, or undefined.
async function spoolAndCheckDigests(ctx) {
  const sha256 = ctx.get('x-amz-checksum-sha256');
  const md5 = ctx.get('content-md5');
  if (sha256 === '' && md5 === '') return undefined;
  if (sha256 !== '' && Buffer.from(sha256, 'base64').length !== 32) {
    throw new S3Error('InvalidRequest', 'Value for x-amz-checksum-sha256 header is invalid.');
  }
  if (md5 !== '' && Buffer.from(md5, 'base64').length !== 16) {
    throw new S3Error('InvalidDigest', 'The Content-MD5 you specified was invalid.', { 'Content-MD5': md5 });
  }
  fs.mkdirSync(spoolDir, { recursive: true });
  const file = path.join(spoolDir, randomBytes(12).toString('hex'));
  // only the digests the request names (s3rver computes the ETag's MD5 itself)
  const sha = sha256 === '' ? undefined : createHash('sha256');
  const md = md5 === '' ? undefined : createHash('md5');
  const body = ctx.state.decodedBody || ctx.req;
  try {
    await pipeline(
      body,
      new Transform({
        transform(chunk, _enc, cb) {
          sha?.update(chunk);
          md?.update(chunk);
          cb(null, chunk);
        },
      }),
      fs.createWriteStream(file),
    );
  } catch (err) {
    fs.rmSync(file, { force: true });
    if (err instanceof S3Error) throw err;
    throw new S3Error('IncompleteBody', 'The request body terminated unexpectedly');
  }
  const bad =
    sha !== undefined && sha.digest('base64') !== sha256
      ? ['The SHA256 you specified did not match the calculated checksum.', {}]
      : md !== undefined && md.digest('base64') !== md5
        ? ['The Content-MD5 you specified did not match what we received.', { ExpectedDigest: md5 }]
        : undefined;
  if (bad) {
    fs.rmSync(file, { force: true });
    throw new S3Error('BadDigest', ...bad);
  }
  return file;
}

// Write-once and digest checks around the operation (next), for the operations S3 applies them to.
async function conditionalWrite(ctx, next) {
  const { bucket, key } = bucketAndKey(ctx);
  const operation = operationOf(ctx, key);
  if (operation === 'GetObject') {
    checkIfMatch(ctx, bucket, key);
    return next();
  }
  if (operation === undefined) return next();

  const noneMatch = operation === 'PutObject' || operation === 'CompleteMultipartUpload' ? ctx.get('if-none-match') : '';
  if (noneMatch !== '' && noneMatch.trim() !== '*') {
    throw new S3Error('NotImplemented', 'A header you provided implies functionality that is not implemented', { Header: 'If-None-Match' });
  }
  const id = `${bucket}/${key}`;
  if (noneMatch !== '') {
    if (conditionalWrites.has(id)) throw conflict();
    if (objectExists(bucket, key)) throw preconditionFailed('If-None-Match');
    conditionalWrites.add(id);
  }
  let spooled;
  try {
    if (operation === 'PutObject' || operation === 'UploadPart') {
      spooled = await spoolAndCheckDigests(ctx);
      if (spooled) ctx.state.decodedBody = fs.createReadStream(spooled, { highWaterMark: SPOOL_CHUNK });
    }
    // an unconditional write may have landed while the body arrived
    if (noneMatch !== '' && objectExists(bucket, key)) throw preconditionFailed('If-None-Match');
    return await next();
  } finally {
    if (noneMatch !== '') conditionalWrites.delete(id);
    if (spooled) fs.rmSync(spooled, { force: true });
  }
}

// ---- the middleware that replaces s3rver's own authentication layer ------------------------------------

async function buildpeerAuthentication(ctx, next) {
  if (ctx.state.website || ctx.method === 'OPTIONS') return next(); // CORS preflight is not signed

  const isFormPost = ctx.method === 'POST' && /multipart\/form-data/i.test(ctx.get('content-type'));
  if (isFormPost) {
    throw new S3Error('NotImplemented', 'Browser POST (form) uploads are not supported by this emulator; use presigned PUT.');
  }

  const { account, payloadHash, query } = verifySigV4(ctx);
  ctx.state.account = account;

  // like S3, x-amz-* parameters of a presigned URL act as request headers (e.g. x-amz-meta-*, x-amz-acl)
  for (const [k, v] of query) {
    if (/^x-amz-/i.test(k) && !PRESIGN_PARAMS.has(k) && k.toLowerCase() !== 'x-amz-content-sha256') {
      ctx.req.headers[k.toLowerCase()] = v;
    }
  }

  // S3 URL-decodes x-amz-copy-source completely; s3rver only applies decodeURI (so %2F would stay encoded)
  const copySource = ctx.req.headers['x-amz-copy-source'];
  if (copySource) {
    const [src] = String(copySource).split('?versionId=');
    ctx.req.headers['x-amz-copy-source'] = encodeURI(safeDecode(src));
  }

  if (payloadHash.startsWith('STREAMING-') || /aws-chunked/i.test(ctx.get('content-encoding'))) {
    const decoded = ctx.get('x-amz-decoded-content-length');
    const decoder = new AwsChunkedDecoder();
    if (decoded !== '') decoder.expected = Number(decoded);
    ctx.req.on('error', (e) => decoder.destroy(e));
    ctx.state.decodedBody = ctx.req.pipe(decoder);
    if (decoded !== '') ctx.req.headers['content-length'] = decoded;
    const enc = ctx.get('content-encoding')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s && s.toLowerCase() !== 'aws-chunked');
    if (enc.length) ctx.req.headers['content-encoding'] = enc.join(', ');
    else delete ctx.req.headers['content-encoding'];
  }

  // multipart gaps in s3rver: AbortMultipartUpload, ListParts, unknown upload ids
  const uploadId = ctx.query.uploadId;
  if (uploadId !== undefined) {
    const { bucket, key } = bucketAndKey(ctx);
    const dir = uploadDir(bucket, String(uploadId));
    if (!/^[0-9a-f]+$/i.test(String(uploadId)) || !fs.existsSync(dir)) {
      throw new S3Error(
        'NoSuchUpload',
        'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
        { UploadId: String(uploadId) },
      );
    }
    if (ctx.method === 'DELETE') {
      fs.rmSync(dir, { recursive: true, force: true });
      ctx.status = 204;
      ctx.body = null;
      return;
    }
    if (ctx.method === 'GET') return listParts(ctx, bucket, key, String(uploadId));
    if (ctx.method === 'PUT' && ctx.query.partNumber !== undefined) {
      const n = Number(ctx.query.partNumber);
      if (!Number.isInteger(n) || n < 1 || n > 10000) {
        throw new S3Error('InvalidArgument', 'Part number must be an integer between 1 and 10000, inclusive', {
          ArgumentName: 'partNumber',
          ArgumentValue: String(ctx.query.partNumber),
        });
      }
    }
  }
  return conditionalWrite(ctx, next);
}

function installAuthentication(router) {
  let replaced = 0;
  for (const layer of router.stack) {
    for (let i = 0; i < layer.stack.length; i++) {
      if (layer.stack[i].name === 'authentication') {
        layer.stack[i] = buildpeerAuthentication;
        replaced++;
      }
    }
  }
  if (replaced !== 1) throw new Error(`expected to replace 1 s3rver authentication layer, replaced ${replaced}`);
}

function patchMultipart(st) {
  const original = st.putObjectMultipart.bind(st);
  st.putObjectMultipart = async (bucket, uploadId, parts) => {
    const dir = uploadDir(bucket, uploadId);
    if (!fs.existsSync(dir)) {
      throw new S3Error('NoSuchUpload', 'The specified upload does not exist.', { UploadId: uploadId });
    }
    const md5s = [];
    for (let i = 0; i < parts.length; i++) {
      const { number, etag } = parts[i];
      if (i > 0 && number <= parts[i - 1].number) {
        throw new S3Error('InvalidPartOrder', 'The list of parts was not in ascending order. The parts list must be specified in order by part number.');
      }
      let md5;
      let size;
      try {
        md5 = fs.readFileSync(path.join(dir, `${number}.md5`), 'utf8');
        size = fs.statSync(path.join(dir, String(number))).size;
      } catch {
        md5 = undefined;
      }
      if (!md5 || md5 !== String(etag).toLowerCase()) {
        throw new S3Error('InvalidPart', "One or more of the specified parts could not be found. The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.", { UploadId: uploadId, PartNumber: String(number), ETag: String(etag) });
      }
      if (i < parts.length - 1 && size < MIN_PART) {
        throw new S3Error('EntityTooSmall', 'Your proposed upload is smaller than the minimum allowed object size.', { ProposedSize: String(size), MinSizeAllowed: String(MIN_PART), PartNumber: String(number), ETag: md5 });
      }
      md5s.push(Buffer.from(md5, 'hex'));
    }
    const key = fs.readFileSync(path.join(dir, 'key'), 'utf8');
    const awsEtag = `${createHash('md5').update(Buffer.concat(md5s)).digest('hex')}-${parts.length}`;
    const result = await original(bucket, uploadId, parts);
    fs.writeFileSync(`${st.getResourcePath(bucket, key, 'object')}.md5`, awsEtag);
    completedMultipart.add(`${bucket}/${key}`);
    return { ...result, md5: awsEtag };
  };
}

// ---- S3 event notifications → SQS ------------------------------------------------------------------------

// S3 URL-encodes object keys in event notifications (form encoding: space as '+'; '/' kept).
function encodeEventKey(key) {
  let out = '';
  for (const byte of Buffer.from(key, 'utf8')) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9.\-_*/]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += '%' + byte.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

let seq = 0n;
const sequencer = () => (BigInt(Date.now()) * 4096n + (seq++ % 4096n)).toString(16).toUpperCase().padStart(18, '0');
const requestId = () => randomBytes(8).toString('hex').toUpperCase();
const hostId = () => randomBytes(48).toString('base64');

async function forwardS3Event(evt) {
  for (const rec of evt.Records || []) {
    let eventName = rec.eventName;
    if (!eventName.startsWith('ObjectCreated:')) continue;
    const bucket = rec.s3.bucket.name;
    const key = rec.s3.object.key;
    const target = notifications.get(bucket);
    if (!target) continue;
    if (eventName === 'ObjectCreated:Post' && completedMultipart.delete(`${bucket}/${key}`)) {
      eventName = 'ObjectCreated:CompleteMultipartUpload';
    }
    let { size, eTag } = rec.s3.object;
    if (eTag === undefined || size === undefined) {
      try {
        const md = await store.getMetadata(bucket, key);
        eTag ??= JSON.parse(md.etag);
        size ??= Number(md['content-length']);
      } catch {
        /* object already gone */
      }
    }
    const object = { bucket, key, size: Number(size), eTag, eventName, sourceIp: sourceIpOf(rec) };
    const body = target.delivery === 'eventbridge' ? eventBridgeEvent(object) : s3Notification(object);
    await enqueue(target.queueUrl, body);
    if (cfg.verbose) log(`event ${eventName} ${bucket}/${key} -> ${target.queue} (${target.delivery})`);
  }
}

const sourceIpOf = (rec) => String(rec.requestParameters?.sourceIPAddress || '127.0.0.1').replace(/^::ffff:/, '');

// An S3 event notification as S3 sends it to an SQS queue.
function s3Notification({ bucket, key, size, eTag, eventName, sourceIp }) {
  return {
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: cfg.region,
        eventTime: new Date().toISOString(),
        eventName,
        userIdentity: { principalId: 'AWS:BUILDPEERLOCAL' },
        requestParameters: { sourceIPAddress: sourceIp },
        responseElements: { 'x-amz-request-id': requestId(), 'x-amz-id-2': hostId() },
        s3: {
          s3SchemaVersion: '1.0',
          configurationId: 'upload-events',
          bucket: { name: bucket, ownerIdentity: { principalId: 'BUILDPEERLOCAL' }, arn: `arn:aws:s3:::${bucket}` },
          object: { key: encodeEventKey(key), size, eTag, sequencer: sequencer() },
        },
      },
    ],
  };
}

// EventBridge names the API call in `reason`, where S3 notifications name the event.
const EVENTBRIDGE_REASONS = {
  'ObjectCreated:Put': 'PutObject',
  'ObjectCreated:Post': 'POST Object',
  'ObjectCreated:Copy': 'CopyObject',
  'ObjectCreated:CompleteMultipartUpload': 'CompleteMultipartUpload',
};

// The "Object Created" event EventBridge delivers to a rule's SQS target: the key as it is (not URL-encoded),
// `etag` without quotes, times to the second.
function eventBridgeEvent({ bucket, key, size, eTag, eventName, sourceIp }) {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Object Created',
    source: 'aws.s3',
    account: cfg.account,
    time: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: cfg.region,
    resources: [`arn:aws:s3:::${bucket}`],
    detail: {
      version: '0',
      bucket: { name: bucket },
      object: { key, size, etag: eTag, sequencer: sequencer() },
      'request-id': requestId(),
      requester: cfg.account,
      'source-ip-address': sourceIp,
      reason: EVENTBRIDGE_REASONS[eventName] ?? eventName.slice('ObjectCreated:'.length),
    },
  };
}

function corsXml(origins) {
  const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return [
    '<CORSConfiguration>',
    '<CORSRule>',
    ...origins.map((o) => `<AllowedOrigin>${esc(o)}</AllowedOrigin>`),
    ...['GET', 'PUT', 'POST', 'HEAD', 'DELETE'].map((m) => `<AllowedMethod>${m}</AllowedMethod>`),
    '<AllowedHeader>*</AllowedHeader>',
    '<ExposeHeader>ETag</ExposeHeader>',
    '<MaxAgeSeconds>3000</MaxAgeSeconds>',
    '</CORSRule>',
    '</CORSConfiguration>',
  ].join('');
}

// ---------------------------------------------------------------------------------------------------------

async function main() {
  fs.mkdirSync(cfg.s3Dir, { recursive: true });
  if (process.env.BUILDPEER_PIDFILE) fs.writeFileSync(process.env.BUILDPEER_PIDFILE, `${process.pid}\n`);

  await provisionMessaging();
  await sqsApp.listen({ host: cfg.bindHost, port: cfg.sqsPort });
  log(`SQS+SNS listening on http://${cfg.bindHost}:${cfg.sqsPort}`);

  const s3 = new S3rver({
    address: cfg.bindHost,
    port: cfg.s3Port,
    directory: cfg.s3Dir,
    silent: !cfg.verbose,
    vhostBuckets: false,
    configureBuckets: [cfg.bucket, cfg.eventBridgeBucket].map((name) => ({ name, configs: [corsXml(cfg.corsOrigins)] })),
  });
  store = s3.store;
  patchMultipart(store);
  installAuthentication(s3rverRouter);
  // health endpoint in front of everything (bucket names cannot contain '_', so no clash)
  s3.middleware.unshift(async (ctx, next) => {
    if (ctx.method === 'GET' && ctx.path === '/_health') {
      ctx.body = JSON.stringify({
        status: 'ok',
        bucket: cfg.bucket,
        queue: cfg.queue,
        delivery: cfg.delivery,
        eventBridge: { bucket: cfg.eventBridgeBucket, queue: cfg.eventBridgeQueue },
        topic: cfg.topic,
        features: FEATURES,
      });
      ctx.type = 'application/json';
      return;
    }
    return next();
  });
  s3.on('event', (evt) => forwardS3Event(evt).catch((err) => log('failed to forward S3 event:', err)));
  s3.on('error', (err, ctx) => {
    if (cfg.verbose || !(err instanceof S3Error)) log('S3 error:', ctx ? `${ctx.method} ${ctx.originalUrl}` : '', err.message);
  });
  await s3.run();
  log(`S3 listening on http://${cfg.bindHost}:${cfg.s3Port} (bucket ${cfg.bucket}, CORS origins ${cfg.corsOrigins.join(' ')})`);

  // S3 sends s3:TestEvent when a notification configuration is put on the bucket (EventBridge sends none); the
  // queue is fresh each start.
  if (cfg.delivery === 's3') await enqueue(notifications.get(cfg.bucket).queueUrl, {
    Service: 'Amazon S3',
    Event: 's3:TestEvent',
    Time: new Date().toISOString(),
    Bucket: cfg.bucket,
    RequestId: requestId(),
    HostId: hostId(),
  });
  log(`ready; access key ${cfg.accessKeyId}`);

  let stopping = false;
  const stop = async (sig) => {
    if (stopping) return;
    stopping = true;
    log(`${sig}: stopping`);
    const timer = setTimeout(() => process.exit(0), 3000);
    timer.unref();
    const closing = Promise.allSettled([s3.close(), sqsApp.close()]);
    s3.httpServer?.closeAllConnections?.(); // do not wait for idle keep-alive connections
    await closing;
    process.exit(0);
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err) => {
  console.error('[aws-emulator] failed to start:', err);
  process.exit(1);
});
