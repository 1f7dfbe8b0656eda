import { describe, expect, it } from 'vitest';
import { readEvents, SseParser } from '../src/sse';

describe('SseParser', () => {
  it('dispatches an event at a blank line, with its name, data and id', () => {
    const p = new SseParser();
    expect(p.push('id: 7\nevent: output\ndata: {"text":"hi"}\n')).toEqual([]);
    expect(p.push('\n')).toEqual([{ event: 'output', data: '{"text":"hi"}', id: '7' }]);
  });

  it('joins data lines with newlines and names an unnamed event "message"', () => {
    expect(new SseParser().push('data: a\ndata: b\n\n')).toEqual([{ event: 'message', data: 'a\nb', id: null }]);
  });

  it('skips comments (heartbeats) and events without data', () => {
    expect(new SseParser().push(':heartbeat\n\nevent: status\n\n')).toEqual([]);
  });

  it('reassembles a line split across chunks, and a CRLF split between them', () => {
    const p = new SseParser();
    expect(p.push('event: st')).toEqual([]);
    expect(p.push('atus\r')).toEqual([]);
    expect(p.push('\ndata: x\r\n\r\n')).toEqual([{ event: 'status', data: 'x', id: null }]);
  });

  it('takes only one space after the colon, and a field with no colon as empty', () => {
    expect(new SseParser().push('data:  two spaces\ndata\n\n')).toEqual([
      { event: 'message', data: ' two spaces\n', id: null },
    ]);
  });

  it('keeps the last id for the events after it', () => {
    const p = new SseParser();
    const events = p.push('id: 3\ndata: a\n\ndata: b\n\n');
    expect(events.map((e) => e.id)).toEqual(['3', '3']);
  });
});

describe('readEvents', () => {
  it('reads a byte stream split anywhere, a multi-byte character too, to its last event', async () => {
    const bytes = new TextEncoder().encode('event: output\ndata: {"text":"é"}\n\nevent: end\ndata: {}');
    const chunks = [bytes.slice(0, 20), bytes.slice(20, 31), bytes.slice(31)];
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        chunks.forEach((x) => c.enqueue(x));
        c.close();
      },
    });
    const seen: string[] = [];
    await readEvents(body, (e) => seen.push(`${e.event} ${e.data}`));
    expect(seen).toEqual(['output {"text":"é"}', 'end {}']);
  });
});
