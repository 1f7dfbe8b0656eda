package io.cynodeai.nodemanager.orchestrator;

import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.annotation.HttpExchange;
import org.springframework.web.service.annotation.PostExchange;

/**
 * The control plane's node API. Every URL is an argument: only the registration URL is
 * configured, every other comes from the bootstrap payload. Bodies are wire JSON ({@code Json}).
 */
@HttpExchange(contentType = "application/json", accept = "application/json")
interface OrchestratorApi {

    @PostExchange
    ResponseEntity<String> register(URI url, @RequestBody String registration);

    @GetExchange
    ResponseEntity<String> fetchConfig(URI url, @RequestHeader("Authorization") String bearer);

    @PostExchange
    ResponseEntity<String> post(URI url, @RequestHeader("Authorization") String bearer, @RequestBody String body);
}
