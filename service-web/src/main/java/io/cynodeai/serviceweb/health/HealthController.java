package io.cynodeai.serviceweb.health;

import io.cynodeai.contracts.problem.ProblemType;
import io.cynodeai.serviceweb.problem.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Optional;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /healthz} (the process answers) and {@code /readyz} (every readiness check holds). */
@Tag(name = "health", description = "Whether the service is alive, and ready to serve")
@RestController
public class HealthController {
    private final List<ReadinessCheck> checks;

    public HealthController(List<ReadinessCheck> checks) {
        this.checks = checks;
    }

    @Operation(summary = "Alive: the process answers")
    @ApiResponse(responseCode = "200", description = "ok")
    @GetMapping(path = "/healthz", produces = MediaType.TEXT_PLAIN_VALUE)
    String healthz() {
        return "ok";
    }

    @Operation(summary = "Ready: every dependency the service needs answers")
    @ApiResponse(responseCode = "200", description = "ready")
    @ApiResponse(responseCode = "503", description = "Not ready: the detail says what is missing")
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
