package io.cynodeai.contracts.files;

import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;

/**
 * An attachment's {@code content_base64}, decoded as Jackson reads it straight into a temporary
 * file of the request's {@link Spools} (the context attribute {@link #SPOOLS}): the base64 text is
 * never held as a string, nor the bytes in memory. Without that attribute the field is refused,
 * so no reader of the request spools by accident.
 */
public final class SpooledBase64 extends ValueDeserializer<Spooled> {
    /** The {@link tools.jackson.databind.ObjectReader} attribute that holds the request's spools. */
    public static final String SPOOLS = "cynode.spools";

    /** Thrown (inside Jackson's own exception) when the request carried more, or larger, files than a task takes. */
    public static final class Refused extends RuntimeException {
        private final IOException reason;

        Refused(IOException reason) {
            super(reason.getMessage());
            this.reason = reason;
        }

        public IOException reason() {
            return reason;
        }
    }

    @Override
    public Spooled deserialize(JsonParser p, DeserializationContext ctxt) {
        if (!(ctxt.getAttribute(SPOOLS) instanceof Spools spools)) {
            throw new IllegalArgumentException("content_base64 is not taken here");
        }
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            return (Spooled) ctxt.handleUnexpectedToken(Spooled.class, p);
        }
        try {
            return spools.spool(target -> {
                MessageDigest sha = HashingCopy.sha256();
                CountingDigest counted = new CountingDigest(target.stream(), sha);
                p.readBinaryValue(counted);
                return new Spooled(target.file(), counted.count, HexFormat.of().formatHex(sha.digest()));
            });
        } catch (Spools.TooMany | HashingCopy.TooLarge e) {
            throw new Refused(e);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Counts and hashes what the decoder writes; refuses past the attachment limit. */
    private static final class CountingDigest extends OutputStream {
        private final OutputStream out;
        private final MessageDigest sha;
        private long count;

        CountingDigest(OutputStream out, MessageDigest sha) {
            this.out = out;
            this.sha = sha;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            count += len;
            if (count > FileRules.MAX_ATTACHMENT_BYTES) {
                throw new Refused(new HashingCopy.TooLarge(FileRules.MAX_ATTACHMENT_BYTES));
            }
            sha.update(b, off, len);
            out.write(b, off, len);
        }
    }
}
