package io.cynodeai.contracts.user;

import static io.cynodeai.contracts.validation.Check.required;

import io.cynodeai.contracts.validation.Validated;

/** Bodies of the gateway's {@code /v1/auth/*} endpoints. Secrets are redacted in {@code toString()}. */
public final class AuthBodies {
    private AuthBodies() {}

    public record LoginRequest(String handle, String password) implements Validated {
        @Override
        public void validate(String path) {
            required(path, "handle", handle);
            required(path, "password", password);
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

    public record RefreshRequest(String refreshToken) implements Validated {
        @Override
        public void validate(String path) {
            required(path, "refresh_token", refreshToken);
        }

        @Override
        public String toString() {
            return "RefreshRequest[refresh_token=<redacted>]";
        }
    }

    public record LogoutRequest(String refreshToken) implements Validated {
        @Override
        public void validate(String path) {
            required(path, "refresh_token", refreshToken);
        }

        @Override
        public String toString() {
            return "LogoutRequest[refresh_token=<redacted>]";
        }
    }
}
