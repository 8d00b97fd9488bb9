// @buildpeer/uploads-client 0.1.0, vendored by scripts/vendor-sdk.sh from clients/typescript: do not edit.
// The part of @microsoft/signalr the hub transport uses, so the SDK needs no dependency on it: the caller hands
// over its own client (a bundle's import, or the page's vendored signalr.min.js) and any version that has these
// methods will do.
export {};
