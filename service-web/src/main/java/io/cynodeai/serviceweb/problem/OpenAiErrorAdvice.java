package io.cynodeai.serviceweb.problem;

import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/** On a request marked for the OpenAI error shape, a problem detail about to be written becomes that shape. */
@RestControllerAdvice
public class OpenAiErrorAdvice implements ResponseBodyAdvice<Object> {
    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object beforeBodyWrite(
            Object body,
            MethodParameter returnType,
            MediaType contentType,
            Class<? extends HttpMessageConverter<?>> converterType,
            ServerHttpRequest request,
            ServerHttpResponse response) {
        if (body instanceof ProblemDetail problem
                && request instanceof ServletServerHttpRequest servlet
                && OpenAiErrorShape.applies(servlet.getServletRequest())) {
            response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
            String message = problem.getDetail() != null ? problem.getDetail() : problem.getTitle();
            return OpenAiErrorShape.body(problem.getStatus(), message, null);
        }
        return body;
    }
}
