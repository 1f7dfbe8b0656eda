package io.cynodeai.serviceweb.http;

import io.cynodeai.contracts.problem.ProblemType;
import io.cynodeai.serviceweb.problem.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers 413 for a body above the limit: at once when {@code Content-Length} says so, and while
 * reading when a chunked body grows past it (the handler never sees more than the limit).
 */
public class BodyLimitFilter extends OncePerRequestFilter {
    private final RequestBodyLimit limit;

    public BodyLimitFilter(RequestBodyLimit limit) {
        this.limit = limit;
    }

    /** Thrown while reading a body that grew past the limit. */
    public static final class BodyTooLarge extends IOException {
        BodyTooLarge(long max) {
            super("request body is larger than " + max + " bytes");
        }
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long max = limit.maxBytes(request);
        long declared = request.getContentLengthLong();
        if (declared > max) {
            Problems.write(
                    request, response, ProblemType.PAYLOAD_TOO_LARGE, "request body is larger than " + max + " bytes");
            return;
        }
        chain.doFilter(new Limited(request, max), response);
    }

    private static final class Limited extends HttpServletRequestWrapper {
        private final long max;
        private ServletInputStream stream;

        Limited(HttpServletRequest request, long max) {
            super(request);
            this.max = max;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new CountingStream(super.getInputStream(), max);
            }
            return stream;
        }
    }

    private static final class CountingStream extends ServletInputStream {
        private final ServletInputStream in;
        private final long max;
        private long count;

        CountingStream(ServletInputStream in, long max) {
            this.in = in;
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                add(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = in.read(buf, off, len);
            if (n > 0) {
                add(n);
            }
            return n;
        }

        private void add(long n) throws BodyTooLarge {
            count += n;
            if (count > max) {
                throw new BodyTooLarge(max);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
