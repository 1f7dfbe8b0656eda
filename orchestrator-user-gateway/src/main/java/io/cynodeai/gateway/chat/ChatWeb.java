package io.cynodeai.gateway.chat;

import io.cynodeai.inference.InferenceFailure;
import io.cynodeai.serviceweb.problem.OpenAiErrorShape;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The OpenAI error shape for {@code /v1/models*} and {@code /v1/chat/*}: every request there is
 * marked before anything else sees it (so security, body limits and the error page answer in that
 * shape too), and this package's own refusals are written in it with their {@code param} and
 * {@code code}.
 */
@Configuration
class ChatWeb {
    private static final Logger log = LoggerFactory.getLogger(ChatWeb.class);

    /** Starts a chat's server-sent events: 200, the type, no caching or proxy buffering; the stream to write them to. */
    static jakarta.servlet.ServletOutputStream eventStream(jakarta.servlet.http.HttpServletResponse response)
            throws java.io.IOException {
        response.setStatus(200);
        response.setContentType(org.springframework.http.MediaType.TEXT_EVENT_STREAM_VALUE);
        response.setCharacterEncoding(java.nio.charset.StandardCharsets.UTF_8.name());
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Accel-Buffering", "no");
        return response.getOutputStream();
    }

    static boolean openAiPath(String path) {
        return path.equals("/v1/models") || path.startsWith("/v1/models/") || path.startsWith("/v1/chat/");
    }

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> openAiErrorShapeFilter() {
        var bean = new FilterRegistrationBean<OncePerRequestFilter>(new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
                    throws ServletException, IOException {
                if (openAiPath(req.getRequestURI())) {
                    OpenAiErrorShape.mark(req);
                }
                chain.doFilter(req, res);
            }
        });
        bean.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return bean;
    }

    @RestControllerAdvice(assignableTypes = {ChatController.class, ModelsController.class, ThreadsController.class})
    @Order(Ordered.HIGHEST_PRECEDENCE)
    static class Errors {
        @ExceptionHandler(ChatProblem.class)
        ResponseEntity<Map<String, Object>> problem(ChatProblem e, HttpServletRequest request) {
            log.warn("{} {} -> {} {}", request.getMethod(), request.getRequestURI(), e.status, e.getMessage());
            return body(e.status, e.getMessage(), e.param, e.code);
        }

        @ExceptionHandler(InferenceFailure.class)
        ResponseEntity<Map<String, Object>> failure(InferenceFailure e, HttpServletRequest request) {
            log.warn("{} {} -> {} {}", request.getMethod(), request.getRequestURI(), e.kind().status, e.getMessage());
            var answer = body(
                    e.kind().status,
                    e.getMessage(),
                    e.kind() == InferenceFailure.Kind.MODEL_NOT_FOUND ? "model" : null,
                    e.kind().code);
            if (e.kind().status == 503) {
                return ResponseEntity.status(503)
                        .header(HttpHeaders.RETRY_AFTER, "5")
                        .contentType(MediaType.APPLICATION_JSON)
                        .body(answer.getBody());
            }
            return answer;
        }

        private static ResponseEntity<Map<String, Object>> body(int status, String message, String param, String code) {
            Map<String, Object> error = new LinkedHashMap<>(castError(OpenAiErrorShape.body(status, message, code)));
            error.put("param", param);
            return ResponseEntity.status(status)
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(Map.of("error", error));
        }

        @SuppressWarnings("unchecked")
        private static Map<String, Object> castError(Map<String, Object> body) {
            return (Map<String, Object>) body.get("error");
        }
    }
}
