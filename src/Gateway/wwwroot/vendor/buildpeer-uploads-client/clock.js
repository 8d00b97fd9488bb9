// @buildpeer/uploads-client 0.1.0, vendored by scripts/vendor-sdk.sh from clients/typescript: do not edit.
export const systemClock = {
    now: () => Date.now(),
    setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
    clearTimeout: (handle) => globalThis.clearTimeout(handle),
};
