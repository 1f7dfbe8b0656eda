package io.cynodeai.gateway.users;

import io.cynodeai.contracts.problem.ProblemType;
import io.cynodeai.contracts.user.UserBodies.CreateUserRequest;
import io.cynodeai.contracts.user.UserBodies.ResetPasswordRequest;
import io.cynodeai.contracts.user.UserBodies.UserResponse;
import io.cynodeai.gateway.auth.AuthAudit;
import io.cynodeai.gateway.auth.Passwords;
import io.cynodeai.gateway.auth.Sessions;
import io.cynodeai.gateway.auth.UserPrincipal;
import io.cynodeai.serviceweb.problem.ProblemException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "users", description = "Accounts: your own, and (for administrators) everyone's")
@RestController
class UserController {
    private final Users users;
    private final Passwords passwords;
    private final Sessions sessions;
    private final AuthAudit audit;

    UserController(Users users, Passwords passwords, Sessions sessions, AuthAudit audit) {
        this.users = users;
        this.passwords = passwords;
        this.sessions = sessions;
        this.audit = audit;
    }

    @Operation(summary = "Read your own account")
    @ApiResponse(responseCode = "200", description = "Your account")
    @GetMapping("/v1/users/me")
    UserResponse me(@AuthenticationPrincipal UserPrincipal me) {
        return users.byId(me.userId()).orElseThrow(() -> notFound(me.userId()));
    }

    /** The users, for an administrator. */
    record UserList(List<UserResponse> users) {}

    @Operation(summary = "List the users (administrators)")
    @ApiResponse(responseCode = "200", description = "Every user, by handle")
    @ApiResponse(responseCode = "403", description = "This needs an administrator")
    @GetMapping("/v1/users")
    UserList list() {
        return new UserList(users.all());
    }

    @Operation(summary = "Create a user (administrators)")
    @ApiResponse(responseCode = "201", description = "The user")
    @ApiResponse(responseCode = "403", description = "This needs an administrator")
    @ApiResponse(responseCode = "409", description = "The handle is taken")
    @PostMapping("/v1/users")
    ResponseEntity<UserResponse> create(
            @AuthenticationPrincipal UserPrincipal admin,
            @RequestBody CreateUserRequest body,
            HttpServletRequest http) {
        UUID id = users.create(
                        body.handle(),
                        body.email(),
                        Boolean.TRUE.equals(body.isAdmin()),
                        passwords.hash(body.password()))
                .orElseThrow(
                        () -> new ProblemException(ProblemType.CONFLICT, "handle '" + body.handle() + "' is taken"));
        audit.record("user_create", "success", id, body.handle(), http.getRemoteAddr(), Map.of("by", admin.handle()));
        return ResponseEntity.status(HttpStatus.CREATED).body(users.byId(id).orElseThrow());
    }

    @Operation(summary = "Disable a user and end their sessions (administrators)")
    @ApiResponse(responseCode = "200", description = "The user")
    @ApiResponse(responseCode = "403", description = "This needs an administrator")
    @ApiResponse(responseCode = "404", description = "No such user")
    @PostMapping("/v1/users/{id}/disable")
    UserResponse disable(@AuthenticationPrincipal UserPrincipal admin, @PathVariable UUID id, HttpServletRequest http) {
        if (!users.setActive(id, false)) {
            throw notFound(id);
        }
        sessions.revokeAll(id, "user disabled");
        audit.record("user_disable", "success", id, null, http.getRemoteAddr(), Map.of("by", admin.handle()));
        return users.byId(id).orElseThrow();
    }

    @Operation(summary = "Enable a user (administrators)")
    @ApiResponse(responseCode = "200", description = "The user")
    @ApiResponse(responseCode = "403", description = "This needs an administrator")
    @ApiResponse(responseCode = "404", description = "No such user")
    @PostMapping("/v1/users/{id}/enable")
    UserResponse enable(@AuthenticationPrincipal UserPrincipal admin, @PathVariable UUID id, HttpServletRequest http) {
        if (!users.setActive(id, true)) {
            throw notFound(id);
        }
        audit.record("user_enable", "success", id, null, http.getRemoteAddr(), Map.of("by", admin.handle()));
        return users.byId(id).orElseThrow();
    }

    @Operation(summary = "End every session of a user (administrators)")
    @ApiResponse(responseCode = "204", description = "The sessions are ended")
    @ApiResponse(responseCode = "403", description = "This needs an administrator")
    @ApiResponse(responseCode = "404", description = "No such user")
    @PostMapping("/v1/users/{id}/revoke_sessions")
    ResponseEntity<Void> revokeSessions(
            @AuthenticationPrincipal UserPrincipal admin, @PathVariable UUID id, HttpServletRequest http) {
        users.byId(id).orElseThrow(() -> notFound(id));
        int n = sessions.revokeAll(id, "revoked by administrator");
        audit.record(
                "revoke_sessions", "success", id, null, http.getRemoteAddr(), Map.of("by", admin.handle(), "count", n));
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "Set a user's password and end their sessions (administrators)")
    @ApiResponse(responseCode = "204", description = "The password is set")
    @ApiResponse(responseCode = "403", description = "This needs an administrator")
    @ApiResponse(responseCode = "404", description = "No such user")
    @PostMapping("/v1/users/{id}/reset_password")
    ResponseEntity<Void> resetPassword(
            @AuthenticationPrincipal UserPrincipal admin,
            @PathVariable UUID id,
            @RequestBody ResetPasswordRequest body,
            HttpServletRequest http) {
        if (!users.setPassword(id, passwords.hash(body.password()))) {
            throw notFound(id);
        }
        sessions.revokeAll(id, "password reset");
        audit.record("reset_password", "success", id, null, http.getRemoteAddr(), Map.of("by", admin.handle()));
        return ResponseEntity.noContent().build();
    }

    private static ProblemException notFound(UUID id) {
        return new ProblemException(ProblemType.NOT_FOUND, "no user " + id);
    }
}
