package io.cynodeai.contracts.validation;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.util.Comparator;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

/**
 * Checks a wire payload's constraints; the first broken one (by path) is an {@link
 * InvalidPayload} naming the field as the wire spells it ({@code sandbox.command[0]}).
 */
public final class WireValidation {
    private static final Validator VALIDATOR = Validation.byDefaultProvider()
            .configure()
            .messageInterpolator(new ParameterMessageInterpolator())
            .buildValidatorFactory()
            .getValidator();

    private WireValidation() {}

    /** @throws InvalidPayload naming the first offending field */
    public static <T> T check(T payload) {
        VALIDATOR.validate(payload).stream()
                .min(Comparator.comparing((ConstraintViolation<T> v) ->
                                v.getPropertyPath().toString())
                        // A missing field is told as missing, not as of the wrong length.
                        .thenComparing(v -> !Wire.REQUIRED.equals(v.getMessage())))
                .ifPresent(v -> {
                    throw InvalidPayload.of(wirePath(v.getPropertyPath().toString()), v.getMessage());
                });
        return payload;
    }

    /** {@code sandbox.env<K>[A=B].<map key>} → {@code sandbox.env[A=B]}; camelCase → snake_case. */
    static String wirePath(String path) {
        String p = path.replaceAll("\\.?<[a-z ]+>", "").replaceAll("<K>|<V>", "");
        StringBuilder out = new StringBuilder();
        int depth = 0;
        for (char c : p.toCharArray()) {
            depth += c == '[' ? 1 : c == ']' ? -1 : 0;
            if (depth == 0 && Character.isUpperCase(c)) {
                out.append('_').append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
