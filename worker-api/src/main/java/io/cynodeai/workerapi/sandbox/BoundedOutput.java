package io.cynodeai.workerapi.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Keeps at most {@code cap} bytes of a stream and counts the rest, so memory does not grow with
 * what a job prints. The text is cut on a UTF-8 character boundary.
 */
final class BoundedOutput {
    private final byte[] buffer;
    private final String stream;
    private final LiveOutput live;
    private int length;
    private int emitted;
    private boolean truncated;

    BoundedOutput(int cap) {
        this(cap, "stdout", LiveOutput.NONE);
    }

    /** Also hands what it keeps to {@code live} as it arrives, in whole characters. */
    BoundedOutput(int cap, String stream, LiveOutput live) {
        this.buffer = new byte[cap];
        this.stream = stream;
        this.live = live;
    }

    void write(byte[] bytes) {
        write(bytes, bytes.length);
    }

    synchronized void write(byte[] bytes, int count) {
        int room = buffer.length - length;
        int n = Math.min(room, count);
        System.arraycopy(bytes, 0, buffer, length, n);
        length += n;
        if (n < count) {
            truncated = true;
        }
        if (live != LiveOutput.NONE) {
            // A character still arriving (its last bytes in the next frame) waits for them.
            int end = utf8Boundary(buffer, length);
            if (end > emitted) {
                live.chunk(stream, new String(buffer, emitted, end - emitted, StandardCharsets.UTF_8));
                emitted = end;
            }
        }
    }

    synchronized boolean truncated() {
        return truncated;
    }

    /** The kept bytes as UTF-8, without a character cut in half at the end when truncated. */
    synchronized String text() {
        int end = length;
        if (truncated) {
            end = utf8Boundary(buffer, length);
        }
        return new String(Arrays.copyOf(buffer, end), StandardCharsets.UTF_8);
    }

    /** The largest prefix length at most {@code length} that does not end inside a multi-byte character. */
    static int utf8Boundary(byte[] bytes, int length) {
        int i = length;
        int back = 0;
        // Walk back over continuation bytes (10xxxxxx), at most 3.
        while (i > 0 && back < 3 && (bytes[i - 1] & 0xC0) == 0x80) {
            i--;
            back++;
        }
        if (i == 0) {
            return length;
        }
        int lead = bytes[i - 1] & 0xFF;
        int need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        int have = back + 1;
        return have >= need ? length : i - 1;
    }
}
