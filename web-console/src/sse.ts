/**
 * A reader of server-sent events (text/event-stream) over fetch: EventSource cannot send the
 * Authorization header the User API needs, so the stream is read from a fetch body and parsed
 * here, as the HTML standard's event-stream interpretation says (fields data, event, id; comment
 * lines; CR, LF or CRLF line ends; an event dispatched at a blank line).
 */
export interface SseEvent {
  event: string;
  data: string;
  id: string | null;
}

export class SseParser {
  private pending = '';
  private data: string[] = [];
  private event = '';
  private lastId: string | null = null;
  private sawCr = false;

  /** The events completed by this chunk of the stream. */
  push(chunk: string): SseEvent[] {
    const out: SseEvent[] = [];
    let text = this.pending + chunk;
    if (this.sawCr && text.startsWith('\n')) text = text.slice(1); // the LF of a CRLF split across chunks
    this.sawCr = false;
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (c !== '\n' && c !== '\r') continue;
      this.line(text.slice(start, i), out);
      if (c === '\r') {
        if (i + 1 < text.length) {
          if (text[i + 1] === '\n') i++;
        } else {
          this.sawCr = true;
        }
      }
      start = i + 1;
    }
    this.pending = text.slice(start);
    return out;
  }

  private line(line: string, out: SseEvent[]): void {
    if (line === '') {
      if (this.data.length > 0) {
        out.push({ event: this.event || 'message', data: this.data.join('\n'), id: this.lastId });
      }
      this.data = [];
      this.event = '';
      return;
    }
    if (line.startsWith(':')) return; // a comment (the server's heartbeat)
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.event = value;
    else if (field === 'id' && !value.includes('\0')) this.lastId = value;
  }
}

/** Reads a stream of events to its end (or until the signal aborts), each to {@code onEvent}. */
export async function readEvents(
  body: ReadableStream<Uint8Array>,
  onEvent: (e: SseEvent) => void,
): Promise<void> {
  const parser = new SseParser();
  const decoder = new TextDecoder();
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    for (const e of parser.push(decoder.decode(value, { stream: true }))) onEvent(e);
  }
  for (const e of parser.push(decoder.decode() + '\n\n')) onEvent(e);
}
