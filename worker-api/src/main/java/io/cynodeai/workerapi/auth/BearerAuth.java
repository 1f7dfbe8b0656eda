package io.cynodeai.workerapi.auth;

import io.cynodeai.contracts.problem.ProblemType;
import io.cynodeai.serviceweb.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Demands the orchestrator's bearer token on every {@code /v1/worker/**} call (401/403 as problem details). */
@Configuration
class BearerAuth implements WebMvcConfigurer {
    private final TokenStore tokens;

    BearerAuth(TokenStore tokens) {
        this.tokens = tokens;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
                    @Override
                    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
                            throws Exception {
                        String header = request.getHeader("Authorization");
                        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                            response.setHeader("WWW-Authenticate", "Bearer");
                            Problems.write(
                                    request, response, ProblemType.UNAUTHENTICATED, "a bearer token is required");
                            return false;
                        }
                        return switch (tokens.check(header.substring(7).strip())) {
                            case ACCEPTED -> true;
                            case INVALID ->
                                deny(request, response, ProblemType.UNAUTHENTICATED, "the bearer token is not valid");
                            case EXPIRED ->
                                deny(
                                        request,
                                        response,
                                        ProblemType.UNAUTHENTICATED,
                                        "the bearer token has expired; the node must refresh its configuration");
                            case NONE_LOADED ->
                                deny(
                                        request,
                                        response,
                                        ProblemType.NOT_READY,
                                        "this node has no Worker API token loaded yet");
                        };
                    }
                })
                .addPathPatterns("/v1/worker/**");
    }

    private static boolean deny(
            HttpServletRequest request, HttpServletResponse response, ProblemType type, String detail)
            throws java.io.IOException {
        Problems.write(request, response, type, detail);
        return false;
    }
}
