package io.cynodeai.serviceweb.problem;

import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The error shape of the OpenAI-compatible endpoints ({@code {error: {message, type, param,
 * code}}}), used instead of problem details on requests a service marks with {@link #mark}: the
 * SDKs and tools that speak the OpenAI API read only that shape. Every writer of problem details
 * ({@link Problems#write}, {@link OpenAiErrorAdvice}) honours the mark, so security, body limits
 * and the error page answer in it too.
 */
public final class OpenAiErrorShape {
    static final String ATTRIBUTE = OpenAiErrorShape.class.getName();

    private OpenAiErrorShape() {}

    public static void mark(HttpServletRequest request) {
        request.setAttribute(ATTRIBUTE, Boolean.TRUE);
    }

    public static boolean applies(HttpServletRequest request) {
        return request.getAttribute(ATTRIBUTE) != null;
    }

    /** The body for a status, with OpenAI's type for it and a code (a default one for the status when null). */
    public static Map<String, Object> body(int status, String message, String code) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", message);
        error.put("type", status >= 500 ? "server_error" : "invalid_request_error");
        error.put("param", null);
        error.put("code", code != null ? code : defaultCode(status));
        return Map.of("error", error);
    }

    static String defaultCode(int status) {
        return switch (status) {
            case 401 -> "invalid_api_key";
            case 403 -> "permission_denied";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 408 -> "request_canceled";
            case 413 -> "request_too_large";
            case 415 -> "unsupported_media_type";
            case 429 -> "rate_limit_exceeded";
            case 503 -> "no_inference_path";
            default -> null;
        };
    }
}
