package io.cynodeai.serviceweb.problem;

import io.cynodeai.contracts.problem.ProblemType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Errors that never reached a controller (servlet container, filters) also answer problem details. */
@RestController
public class ProblemErrorController implements ErrorController {

    @RequestMapping("/error")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : 500;
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        if (request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable failure
                && ProblemAdvice.databaseUnavailable(failure)) {
            // A filter (say, the session check of bearer auth) found the database away.
            return Problems.databaseUnavailable(uri == null ? null : uri.toString());
        }
        ProblemType type = ProblemType.forStatus(status);
        ProblemDetail body = Problems.of(type, type.title(), uri == null ? null : uri.toString());
        body.setStatus(status);
        return ResponseEntity.status(status).body(body);
    }
}
