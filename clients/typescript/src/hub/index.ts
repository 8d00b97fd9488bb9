export { HubTransport, HUB_PATH, type HubTransportOptions } from './hub-transport.js';
export type { HubConnectionBuilderLike, HubConnectionLike } from './hub-connection.js';
export type { VersionedStatus } from './latest-statuses.js';
