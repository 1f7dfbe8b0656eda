package io.cynodeai.serviceweb.problem;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.method.HandlerMethod;

/**
 * Makes every operation in a service's OpenAPI state the problem-details answers it can give:
 * those every request can get (400, 413, 500, 503), 401 where a token is needed (the handler
 * takes the authenticated principal), and whatever the handler declares itself ({@code
 * @ApiResponse}). Every error body is the {@code Problem} schema (RFC 9457).
 */
public final class ProblemResponses implements OperationCustomizer, OpenApiCustomizer {
    static final String SCHEMA = "Problem";

    private static final Map<String, String> EVERY_REQUEST = new LinkedHashMap<>();

    static {
        EVERY_REQUEST.put("400", "The request is malformed or a field is invalid (the detail names it)");
        EVERY_REQUEST.put("413", "The request body is larger than the service reads");
        EVERY_REQUEST.put("500", "An internal error (the detail says no more)");
        EVERY_REQUEST.put("503", "The database or a dependency does not answer; try again after Retry-After");
    }

    @Override
    public Operation customize(Operation operation, HandlerMethod handler) {
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        boolean needsToken = Arrays.stream(handler.getMethodParameters())
                .anyMatch(p -> p.hasParameterAnnotation(AuthenticationPrincipal.class));
        if (needsToken) {
            add(responses, "401", "No valid bearer token was presented");
        }
        EVERY_REQUEST.forEach((code, why) -> add(responses, code, why));
        responses.values().stream()
                .filter(r -> r.getContent() == null || r.getContent().isEmpty())
                .forEach(r -> r.setContent(problem()));
        responses.forEach((code, r) -> {
            if (code.startsWith("4") || code.startsWith("5")) {
                r.setContent(problem());
            }
        });
        operation.setResponses(responses);
        return operation;
    }

    private static void add(ApiResponses responses, String code, String description) {
        if (!responses.containsKey(code)) {
            responses.addApiResponse(code, new ApiResponse().description(description));
        }
    }

    private static Content problem() {
        return new Content()
                .addMediaType(
                        "application/problem+json",
                        new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + SCHEMA)));
    }

    @Override
    public void customise(io.swagger.v3.oas.models.OpenAPI openApi) {
        if (openApi.getComponents() == null) {
            openApi.setComponents(new Components());
        }
        openApi.getComponents()
                .addSchemas(
                        SCHEMA,
                        new ObjectSchema()
                                .description("RFC 9457 problem details")
                                .addProperty(
                                        "type", new StringSchema().description("a stable URI of the kind of problem"))
                                .addProperty("title", new StringSchema())
                                .addProperty("status", new IntegerSchema())
                                .addProperty("detail", new StringSchema().description("what went wrong, in words"))
                                .addProperty("instance", new StringSchema().description("the request's path")));
    }
}
