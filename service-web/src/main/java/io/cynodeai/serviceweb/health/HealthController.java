package io.cynodeai.serviceweb.health;

import io.cynodeai.contracts.problem.ProblemType;
import io.cynodeai.serviceweb.problem.Problems;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Optional;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /healthz} (the process answers) and {@code /readyz} (every readiness check holds). */
@RestController
public class HealthController {
    private final List<ReadinessCheck> checks;

    public HealthController(List<ReadinessCheck> checks) {
        this.checks = checks;
    }

    @GetMapping(path = "/healthz", produces = MediaType.TEXT_PLAIN_VALUE)
    String healthz() {
        return "ok";
    }

    @GetMapping(path = "/readyz")
    ResponseEntity<?> readyz(HttpServletRequest request) {
        List<String> unmet = checks.stream()
                .map(ReadinessCheck::unmet)
                .flatMap(Optional::stream)
                .toList();
        if (unmet.isEmpty()) {
            return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body("ready");
        }
        var problem = Problems.of(ProblemType.NOT_READY, String.join("; ", unmet), request.getRequestURI());
        problem.setProperty("unmet", unmet);
        return ResponseEntity.status(503)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
