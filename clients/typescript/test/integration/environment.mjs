// What the xunit host (tests/IntegrationTests/Client/TypeScriptSdkTests.cs) hands over: a running gateway, a
// project of the caller's own, a token, and a folder with the files to upload.
import { join } from 'node:path';
import { UploadClient } from '../../dist/index.js';

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: these tests run from TypeScriptSdkTests against a real gateway.`);
  return value;
}

export const gatewayUrl = required('BUILDPEER_GATEWAY_URL');
export const tenantId = required('BUILDPEER_TENANT');
export const token = required('BUILDPEER_TOKEN');
export const projectId = required('BUILDPEER_PROJECT');
export const fileIn = (name) => join(required('BUILDPEER_FILES'), name);

/** A fetch that records every request (method, where, answer) before handing it on. */
export function recordingFetch(hold = async () => undefined) {
  const exchanges = [];
  const fetcher = async (url, init = {}) => {
    const href = String(url);
    const method = init.method ?? 'GET';
    const exchange = { method, storage: !href.startsWith(gatewayUrl), path: href.startsWith(gatewayUrl) ? new URL(href).pathname : undefined, status: undefined };
    exchanges.push(exchange);
    await hold(exchange, exchanges);
    const response = await fetch(url, init);
    exchange.status = response.status;
    return response;
  };
  return { fetcher, exchanges, storagePuts: () => exchanges.filter((each) => each.storage && each.method === 'PUT') };
}

export function client(options = {}) {
  return new UploadClient({ baseUrl: gatewayUrl, tenantId, token, retry: { baseDelayMs: 50 }, pollIntervalMs: 500, ...options });
}
