package io.cynodeai.serviceweb.problem;

import io.cynodeai.contracts.problem.ProblemType;
import io.cynodeai.contracts.validation.InvalidPayload;
import io.cynodeai.serviceweb.http.BodyLimitFilter;
import jakarta.servlet.http.HttpServletRequest;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns every error of a service into problem details: our domain problems with their stable
 * type, payload validation with the offending field, Spring MVC's own errors with the type for
 * their status, anything unexpected as a bare 500 without a cause in the body. 4xx are logged at
 * WARN (detail only: it is built to be safe), 5xx at ERROR.
 */
@RestControllerAdvice
public class ProblemAdvice extends ResponseEntityExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

    @ExceptionHandler(ProblemException.class)
    ResponseEntity<ProblemDetail> problem(ProblemException e, HttpServletRequest request) {
        log.warn(
                "{} {} -> {} {}",
                request.getMethod(),
                request.getRequestURI(),
                e.type().status(),
                e.getMessage());
        var builder = ResponseEntity.status(e.type().status());
        if (e.retryAfter() != null) {
            builder.header(
                    HttpHeaders.RETRY_AFTER,
                    Long.toString(Math.max(1, e.retryAfter().toSeconds())));
        }
        return builder.body(Problems.of(e.type(), e.getMessage(), request.getRequestURI()));
    }

    @ExceptionHandler(InvalidPayload.class)
    ResponseEntity<ProblemDetail> invalid(InvalidPayload e, HttpServletRequest request) {
        log.warn("{} {} -> 400 {}", request.getMethod(), request.getRequestURI(), e.getMessage());
        ProblemDetail body = Problems.of(ProblemType.INVALID_REQUEST, e.getMessage(), request.getRequestURI());
        body.setProperty("field", e.field());
        return ResponseEntity.badRequest().body(body);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> mismatch(MethodArgumentTypeMismatchException e, HttpServletRequest request) {
        String detail = "'" + e.getName() + "' is malformed";
        log.warn("{} {} -> 400 {}", request.getMethod(), request.getRequestURI(), detail);
        return ResponseEntity.badRequest()
                .body(Problems.of(ProblemType.INVALID_REQUEST, detail, request.getRequestURI()));
    }

    /**
     * A multipart body that could not be read: too many parts or a part past its size is 413,
     * anything else (cut off, malformed) 400. (Too large in all is Spring's own 413.)
     */
    @ExceptionHandler(MultipartException.class)
    ResponseEntity<ProblemDetail> multipart(MultipartException e, HttpServletRequest request) {
        boolean tooMuch = false;
        for (Throwable c = e; c != null; c = c.getCause()) {
            String name = c.getClass().getSimpleName();
            tooMuch |= name.contains("LimitExceeded")
                    || name.contains("SizeException")
                    || c instanceof BodyLimitFilter.BodyTooLarge;
        }
        ProblemType type = tooMuch ? ProblemType.PAYLOAD_TOO_LARGE : ProblemType.INVALID_REQUEST;
        String detail = tooMuch
                ? "the request has more files, or larger ones, than this service takes"
                : "the multipart body could not be read";
        log.warn("{} {} -> {} {}", request.getMethod(), request.getRequestURI(), type.status(), detail);
        return ResponseEntity.status(type.status()).body(Problems.of(type, detail, request.getRequestURI()));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
        if (databaseUnavailable(e)) {
            // Not a bug of ours: the database is restarting or unreachable. The client may retry.
            log.warn("{} {} -> 503 the database does not answer", request.getMethod(), request.getRequestURI());
            return Problems.databaseUnavailable(request.getRequestURI());
        }
        log.error("{} {} -> 500", request.getMethod(), request.getRequestURI(), e);
        return ResponseEntity.internalServerError()
                .body(Problems.of(ProblemType.INTERNAL, "an internal error occurred", request.getRequestURI()));
    }

    /** A connection failure (SQLState class 08), an admin shutdown (57P0x) or an exhausted wait for a connection. */
    static boolean databaseUnavailable(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof SQLTransientConnectionException) {
                return true;
            }
            if (c instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || state.startsWith("57P0")) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        for (Throwable c = ex; c != null; c = c.getCause()) {
            if (c instanceof BodyLimitFilter.BodyTooLarge tooLarge) {
                return typed(ProblemType.PAYLOAD_TOO_LARGE, tooLarge.getMessage(), headers, request);
            }
            if (c instanceof InvalidPayload invalid) {
                return typed(ProblemType.INVALID_REQUEST, invalid.getMessage(), headers, request);
            }
        }
        return typed(ProblemType.INVALID_REQUEST, "the body is not valid JSON for this request", headers, request);
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception ex, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemType type = ProblemType.forStatus(status.value());
        String detail = body instanceof ProblemDetail pd && pd.getDetail() != null ? pd.getDetail() : type.title();
        return typed(type, detail, headers, request);
    }

    private ResponseEntity<Object> typed(ProblemType type, String detail, HttpHeaders headers, WebRequest request) {
        String uri = request instanceof ServletWebRequest swr ? swr.getRequest().getRequestURI() : null;
        if (type.status() >= 500) {
            log.error("{} -> {} {}", uri, type.status(), detail);
        } else {
            log.warn("{} -> {} {}", uri, type.status(), detail);
        }
        return ResponseEntity.status(type.status()).headers(headers).body(Problems.of(type, detail, uri));
    }
}
