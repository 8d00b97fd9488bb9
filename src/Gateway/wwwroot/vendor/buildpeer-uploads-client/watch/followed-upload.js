// @buildpeer/uploads-client 0.1.0, vendored by scripts/vendor-sdk.sh from clients/typescript: do not edit.
import { versionOf } from '../hub/latest-statuses.js';
import { statusRank, TERMINAL_STATUSES } from '../types.js';
/** What the watch knows of one upload it follows, and the rule for which statuses are news. */
export class FollowedUpload {
    projectId;
    heardAt;
    /** Set by `expectChanges`: the bytes are in storage, so the status changes on the server and is polled unpushed. */
    expectsChanges = false;
    version = -Infinity;
    rank = -1;
    constructor(projectId, heardAt) {
        this.projectId = projectId;
        this.heardAt = heardAt;
    }
    /**
     * Whether `status` is newer than what was delivered, taking note of it. A push carries the upload's change
     * counter: the highest wins, and a repeat after a reconnect or a join is dropped. A poll carries none: it never
     * goes back in rank, and the same non-terminal state again is no news.
     */
    accepts(status, pushed) {
        const version = pushed ? versionOf(status) : undefined;
        const rank = statusRank(status.status);
        if (version !== undefined) {
            if (version <= this.version)
                return false;
            this.version = version;
        }
        else if (rank < this.rank || (rank === this.rank && !TERMINAL_STATUSES.has(status.status))) {
            return false;
        }
        this.rank = rank;
        return true;
    }
}
