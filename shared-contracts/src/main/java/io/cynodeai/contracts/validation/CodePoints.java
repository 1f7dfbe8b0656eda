package io.cynodeai.contracts.validation;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A string's length in Unicode code points (what a person counts), not UTF-16 units as {@code
 * @Size} counts: an emoji is one character of a password. Null passes (pair with {@code @NotNull}).
 */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = CodePoints.Check.class)
public @interface CodePoints {
    int min() default 0;

    int max() default Integer.MAX_VALUE;

    String message() default "has the wrong length";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** The check of {@link CodePoints}. */
    final class Check implements ConstraintValidator<CodePoints, String> {
        private int min;
        private int max;

        @Override
        public void initialize(CodePoints limits) {
            this.min = limits.min();
            this.max = limits.max();
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null) {
                return true;
            }
            int n = value.codePointCount(0, value.length());
            return n >= min && n <= max;
        }
    }
}
