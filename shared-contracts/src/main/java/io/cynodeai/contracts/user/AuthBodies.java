package io.cynodeai.contracts.user;

import io.cynodeai.contracts.validation.Validated;
import io.cynodeai.contracts.validation.Wire;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Bodies of the gateway's {@code /v1/auth/*} endpoints. Secrets are redacted in {@code toString()}. */
public final class AuthBodies {
    private AuthBodies() {}

    /** Handles are at most 64 characters and passwords 128 (UserBodies): longer is refused before any work. */
    public record LoginRequest(
            @NotBlank(message = Wire.REQUIRED) @Size(max = 64, message = "must be at most 64 characters")
            String handle,

            @NotBlank(message = Wire.REQUIRED) @Size(max = 1024, message = "must be at most 1024 characters")
            String password,

            /*
             * An extension for the web console: the refresh token goes in an HttpOnly cookie, not
             * in the answer (console.md, security).
             */
            Boolean refreshInCookie)
            implements Validated {
        public LoginRequest(String handle, String password) {
            this(handle, password, null);
        }

        public boolean wantsCookie() {
            return Boolean.TRUE.equals(refreshInCookie);
        }

        @Override
        public String toString() {
            return "LoginRequest[handle=" + handle + ", password=<redacted>]";
        }
    }

    public record LoginResponse(String accessToken, String refreshToken, String tokenType, Integer expiresIn) {
        public static LoginResponse bearer(String accessToken, String refreshToken, int expiresIn) {
            return new LoginResponse(accessToken, refreshToken, "Bearer", expiresIn);
        }

        @Override
        public String toString() {
            return "LoginResponse[access_token=<redacted>, refresh_token=<redacted>, token_type=" + tokenType
                    + ", expires_in=" + expiresIn + "]";
        }
    }

    /** {@code refresh_token} may be left out when the refresh cookie carries it (the web console). */
    public record RefreshRequest(String refreshToken) implements Validated {
        @Override
        public String toString() {
            return "RefreshRequest[refresh_token=<redacted>]";
        }
    }

    /** {@code refresh_token} may be left out when the refresh cookie carries it (the web console). */
    public record LogoutRequest(String refreshToken) implements Validated {
        @Override
        public String toString() {
            return "LogoutRequest[refresh_token=<redacted>]";
        }
    }
}
