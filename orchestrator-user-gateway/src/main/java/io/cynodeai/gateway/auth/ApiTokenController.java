package io.cynodeai.gateway.auth;

import io.cynodeai.contracts.problem.ProblemType;
import io.cynodeai.serviceweb.problem.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "api-tokens", description = "Your API tokens, for programs and tools")
@RestController
class ApiTokenController {
    static final int MAX_NAME = 100;
    static final int MAX_DAYS = 3650;

    private final ApiTokens tokens;
    private final AuthAudit audit;

    ApiTokenController(ApiTokens tokens, AuthAudit audit) {
        this.tokens = tokens;
        this.audit = audit;
    }

    record CreateRequest(String name, Integer expiresInDays) {}

    record CreatedView(String id, String name, String token, Instant createdAt, Instant expiresAt) {}

    record TokenView(String id, String name, Instant createdAt, Instant expiresAt, Instant lastUsedAt) {}

    record TokenList(List<TokenView> tokens) {}

    @Operation(summary = "Create an API token; its value is shown only in this answer")
    @ApiResponse(responseCode = "201", description = "The token, with its value")
    @ApiResponse(responseCode = "400", description = "No name, or a bad expiry")
    @PostMapping("/v1/users/me/api_tokens")
    ResponseEntity<CreatedView> create(
            @AuthenticationPrincipal UserPrincipal me, @RequestBody CreateRequest body, HttpServletRequest http) {
        if (body.name() == null || body.name().isBlank() || body.name().length() > MAX_NAME) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "name must be 1 to " + MAX_NAME + " characters");
        }
        if (body.expiresInDays() != null && (body.expiresInDays() < 1 || body.expiresInDays() > MAX_DAYS)) {
            throw new ProblemException(ProblemType.INVALID_REQUEST, "expires_in_days must be 1 to " + MAX_DAYS);
        }
        var created = tokens.create(me.userId(), body.name().strip(), body.expiresInDays());
        audit.record(
                "api_token_create",
                "success",
                me.userId(),
                me.handle(),
                http.getRemoteAddr(),
                Map.of("token_id", created.token().id().toString()));
        var t = created.token();
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(new CreatedView(t.id().toString(), t.name(), created.value(), t.createdAt(), t.expiresAt()));
    }

    @Operation(summary = "List your live API tokens (never their values)")
    @ApiResponse(responseCode = "200", description = "The tokens")
    @GetMapping("/v1/users/me/api_tokens")
    TokenList list(@AuthenticationPrincipal UserPrincipal me) {
        return new TokenList(tokens.list(me.userId()).stream()
                .map(t -> new TokenView(t.id().toString(), t.name(), t.createdAt(), t.expiresAt(), t.lastUsedAt()))
                .toList());
    }

    @Operation(summary = "Revoke one of your API tokens, at once")
    @ApiResponse(responseCode = "204", description = "Revoked")
    @ApiResponse(responseCode = "404", description = "No live token of yours has that id")
    @DeleteMapping("/v1/users/me/api_tokens/{id}")
    ResponseEntity<Void> revoke(
            @AuthenticationPrincipal UserPrincipal me, @PathVariable UUID id, HttpServletRequest http) {
        if (!tokens.revoke(me.userId(), id)) {
            throw new ProblemException(ProblemType.NOT_FOUND, "no API token " + id);
        }
        audit.record(
                "api_token_revoke",
                "success",
                me.userId(),
                me.handle(),
                http.getRemoteAddr(),
                Map.of("token_id", id.toString()));
        return ResponseEntity.noContent().build();
    }
}
