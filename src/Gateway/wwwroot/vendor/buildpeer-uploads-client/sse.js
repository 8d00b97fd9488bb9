// @buildpeer/uploads-client 0.1.0, vendored by scripts/vendor-sdk.sh from clients/typescript: do not edit.
// A Server-Sent Events parser for a fetch() body: EventSource cannot send the Authorization and X-Tenant-ID
// headers the gateway needs, and Node has no EventSource before 22.
/**
 * Yields every message of a text/event-stream body, per the HTML standard: lines end with CRLF, LF or CR; a blank
 * line dispatches; `:` starts a comment (keep-alives); `data` lines are joined by "\n"; a message without data is
 * dropped.
 */
export async function* readEvents(body) {
    const reader = body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    let message = fresh();
    try {
        while (true) {
            const { value, done } = await reader.read();
            if (done)
                break;
            buffer += value;
            let end;
            while ((end = lineEnd(buffer)) >= 0) {
                const line = buffer.slice(0, end);
                buffer = buffer.slice(end + (buffer.startsWith('\r\n', end) ? 2 : 1));
                if (line === '') {
                    if (message.data.length > 0)
                        yield { event: message.event || 'message', id: message.id, data: message.data.join('\n') };
                    message = fresh();
                }
                else if (!line.startsWith(':')) {
                    const colon = line.indexOf(':');
                    const field = colon < 0 ? line : line.slice(0, colon);
                    let value = colon < 0 ? '' : line.slice(colon + 1);
                    if (value.startsWith(' '))
                        value = value.slice(1);
                    if (field === 'data')
                        message.data.push(value);
                    else if (field === 'event')
                        message.event = value;
                    else if (field === 'id' && !value.includes('\0'))
                        message.id = value;
                }
            }
        }
    }
    finally {
        await reader.cancel().catch(() => undefined);
    }
}
function fresh() {
    return { event: '', id: undefined, data: [] };
}
/** Index of the first line break, or -1; a CR at the very end may be half of a CRLF still on its way. */
function lineEnd(text) {
    for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if (c === '\n')
            return i;
        if (c === '\r')
            return i + 1 < text.length ? i : -1;
    }
    return -1;
}
