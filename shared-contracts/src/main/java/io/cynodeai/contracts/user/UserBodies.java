package io.cynodeai.contracts.user;

import static io.cynodeai.contracts.validation.Check.at;
import static io.cynodeai.contracts.validation.Check.required;

import io.cynodeai.contracts.validation.InvalidPayload;
import io.cynodeai.contracts.validation.Validated;

/** Bodies of the gateway's {@code /v1/users*} endpoints. */
public final class UserBodies {
    /** New passwords are 12 to 128 characters long. */
    public static final int MIN_PASSWORD = 12;

    public static final int MAX_PASSWORD = 128;

    private UserBodies() {}

    public record UserResponse(String id, String handle, String email, Boolean isActive) {}

    public record CreateUserRequest(String handle, String password, String email, Boolean isAdmin)
            implements Validated {
        @Override
        public void validate(String path) {
            required(path, "handle", handle);
            if (!handle.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
                throw InvalidPayload.of(at(path, "handle"), "must be 1-64 letters, digits, '.', '_' or '-'");
            }
            checkPassword(path, password);
        }

        @Override
        public String toString() {
            return "CreateUserRequest[handle=" + handle + ", password=<redacted>, email=" + email + ", is_admin="
                    + isAdmin + "]";
        }
    }

    public record ResetPasswordRequest(String password) implements Validated {
        @Override
        public void validate(String path) {
            checkPassword(path, password);
        }

        @Override
        public String toString() {
            return "ResetPasswordRequest[password=<redacted>]";
        }
    }

    static void checkPassword(String path, String password) {
        required(path, "password", password);
        int length = password.codePointCount(0, password.length());
        if (length < MIN_PASSWORD || length > MAX_PASSWORD) {
            throw InvalidPayload.of(
                    at(path, "password"), "must be " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters long");
        }
    }
}
