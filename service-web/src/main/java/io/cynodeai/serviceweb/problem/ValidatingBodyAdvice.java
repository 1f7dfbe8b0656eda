package io.cynodeai.serviceweb.problem;

import io.cynodeai.contracts.validation.InvalidPayload;
import io.cynodeai.contracts.validation.Validated;
import io.cynodeai.contracts.validation.WireValidation;
import java.lang.reflect.Type;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

/** Every request body that is a wire payload is validated before a controller sees it. */
@ControllerAdvice
public class ValidatingBodyAdvice extends RequestBodyAdviceAdapter {

    @Override
    public boolean supports(
            MethodParameter parameter, Type targetType, Class<? extends HttpMessageConverter<?>> converterType) {
        return targetType instanceof Class<?> c && Validated.class.isAssignableFrom(c);
    }

    @Override
    public Object afterBodyRead(
            Object body,
            HttpInputMessage inputMessage,
            MethodParameter parameter,
            Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType) {
        if (!(body instanceof Validated payload)) {
            // A JSON null (or nothing a converter could read) where an object is required.
            throw InvalidPayload.of("body", "must be a JSON object");
        }
        return WireValidation.check(payload);
    }
}
