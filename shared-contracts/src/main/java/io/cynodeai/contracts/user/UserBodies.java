package io.cynodeai.contracts.user;

import io.cynodeai.contracts.validation.CodePoints;
import io.cynodeai.contracts.validation.Validated;
import io.cynodeai.contracts.validation.Wire;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/** Bodies of the gateway's {@code /v1/users*} endpoints. */
public final class UserBodies {
    /** New passwords are 12 to 128 characters long. */
    public static final int MIN_PASSWORD = 12;

    public static final int MAX_PASSWORD = 128;

    private static final String PASSWORD_LENGTH = "must be 12 to 128 characters long";

    private UserBodies() {}

    /** {@code isAdmin} is an extension (the web console shows the administrators' pages by it). */
    public record UserResponse(String id, String handle, String email, Boolean isActive, Boolean isAdmin) {}

    public record CreateUserRequest(
            @NotBlank(message = Wire.REQUIRED)
            @Pattern(
                    regexp = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}",
                    message = "must be 1-64 letters, digits, '.', '_' or '-'")
            String handle,

            @NotBlank(message = Wire.REQUIRED)
            @CodePoints(min = MIN_PASSWORD, max = MAX_PASSWORD, message = PASSWORD_LENGTH)
            String password,

            String email,
            Boolean isAdmin)
            implements Validated {
        @Override
        public String toString() {
            return "CreateUserRequest[handle=" + handle + ", password=<redacted>, email=" + email + ", is_admin="
                    + isAdmin + "]";
        }
    }

    public record ResetPasswordRequest(
            @NotBlank(message = Wire.REQUIRED)
            @CodePoints(min = MIN_PASSWORD, max = MAX_PASSWORD, message = PASSWORD_LENGTH)
            String password)
            implements Validated {
        @Override
        public String toString() {
            return "ResetPasswordRequest[password=<redacted>]";
        }
    }
}
