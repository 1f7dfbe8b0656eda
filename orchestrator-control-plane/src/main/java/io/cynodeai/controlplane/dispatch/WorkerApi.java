package io.cynodeai.controlplane.dispatch;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.service.annotation.HttpExchange;
import org.springframework.web.service.annotation.PostExchange;
import org.springframework.web.util.UriBuilderFactory;

/** A node's Worker API, as the control plane calls it; {@code node} is that node's base URL. */
@HttpExchange(url = "/v1/worker", contentType = "application/json")
interface WorkerApi {

    @PostExchange("/jobs:run")
    ResponseEntity<String> runJob(
            UriBuilderFactory node, @RequestHeader("Authorization") String bearer, @RequestBody String request);

    @PostExchange("/jobs/{jobId}:cancel")
    ResponseEntity<Void> cancel(
            UriBuilderFactory node, @RequestHeader("Authorization") String bearer, @PathVariable String jobId);
}
