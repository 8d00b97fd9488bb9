// @buildpeer/uploads-client 0.1.0, vendored by scripts/vendor-sdk.sh from clients/typescript: do not edit.
export { HubTransport, HUB_PATH } from './hub-transport.js';
