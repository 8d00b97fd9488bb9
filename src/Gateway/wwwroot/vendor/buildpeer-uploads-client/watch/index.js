// @buildpeer/uploads-client 0.1.0, vendored by scripts/vendor-sdk.sh from clients/typescript: do not edit.
export { UploadWatch } from './upload-watch.js';
