package io.cynodeai.serviceweb.problem;

import io.cynodeai.contracts.problem.ProblemType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import tools.jackson.databind.json.JsonMapper;

/** Builds and writes RFC 9457 problem details with our stable types. */
public final class Problems {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Problems() {}

    public static ProblemDetail of(ProblemType type, String detail, String instance) {
        ProblemDetail problem = ProblemDetail.forStatus(type.status());
        problem.setType(type.uri());
        problem.setTitle(type.title());
        problem.setDetail(detail);
        if (instance != null) {
            problem.setInstance(URI.create(instance));
        }
        return problem;
    }

    /** The answer when the database does not answer: 503 with Retry-After, so a client retries. */
    public static ResponseEntity<ProblemDetail> databaseUnavailable(String instance) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "5")
                .body(of(
                        ProblemType.DATABASE_UNAVAILABLE, "the database does not answer; try again shortly", instance));
    }

    /** Writes a problem straight to a servlet response (filters and security handlers). */
    public static void write(HttpServletRequest request, HttpServletResponse response, ProblemType type, String detail)
            throws IOException {
        if (OpenAiErrorShape.applies(request)) {
            response.setStatus(type.status());
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            response.getOutputStream()
                    .write(MAPPER.writeValueAsBytes(OpenAiErrorShape.body(type.status(), detail, null)));
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type.uri().toString());
        body.put("title", type.title());
        body.put("status", type.status());
        body.put("detail", detail);
        body.put("instance", request.getRequestURI());
        response.setStatus(type.status());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getOutputStream().write(MAPPER.writeValueAsBytes(body));
    }
}
