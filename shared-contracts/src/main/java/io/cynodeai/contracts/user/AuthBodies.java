package io.cynodeai.contracts.user;

import io.cynodeai.contracts.validation.Validated;
import io.cynodeai.contracts.validation.Wire;
import jakarta.validation.constraints.NotBlank;

/** Bodies of the gateway's {@code /v1/auth/*} endpoints. Secrets are redacted in {@code toString()}. */
public final class AuthBodies {
    private AuthBodies() {}

    public record LoginRequest(
            @NotBlank(message = Wire.REQUIRED) String handle,
            @NotBlank(message = Wire.REQUIRED) String password) implements Validated {
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

    public record RefreshRequest(
            @NotBlank(message = Wire.REQUIRED) String refreshToken) implements Validated {
        @Override
        public String toString() {
            return "RefreshRequest[refresh_token=<redacted>]";
        }
    }

    public record LogoutRequest(
            @NotBlank(message = Wire.REQUIRED) String refreshToken) implements Validated {
        @Override
        public String toString() {
            return "LogoutRequest[refresh_token=<redacted>]";
        }
    }
}
