package io.cynodeai.contracts.worker;

import static io.cynodeai.contracts.validation.Check.at;
import static io.cynodeai.contracts.validation.Check.notEmpty;
import static io.cynodeai.contracts.validation.Check.oneOf;
import static io.cynodeai.contracts.validation.Check.positive;
import static io.cynodeai.contracts.validation.Check.required;
import static io.cynodeai.contracts.validation.Check.uuid;
import static io.cynodeai.contracts.validation.Check.versionOne;

import io.cynodeai.contracts.validation.InvalidPayload;
import io.cynodeai.contracts.validation.Validated;
import java.util.List;
import java.util.Map;

/** Worker API run-job request ({@code POST /v1/worker/jobs:run}). */
public record RunJobRequest(Integer version, String taskId, String jobId, Sandbox sandbox) implements Validated {

    @Override
    public void validate(String path) {
        versionOne(path, version);
        uuid(path, "task_id", taskId);
        uuid(path, "job_id", jobId);
        required(path, "sandbox", sandbox);
    }

    public record Sandbox(
            String image, List<String> command, Map<String, String> env, Integer timeoutSeconds, String networkPolicy)
            implements Validated {
        @Override
        public void validate(String path) {
            required(path, "image", image);
            notEmpty(path, "command", command);
            for (int i = 0; i < command.size(); i++) {
                if (command.get(i) == null) {
                    throw InvalidPayload.of(at(path, "command[" + i + "]"), "must not be null");
                }
            }
            if (env != null) {
                env.forEach((k, v) -> {
                    if (k.isEmpty() || k.contains("=") || v == null) {
                        throw InvalidPayload.of(
                                at(path, "env." + k), "must be a non-empty name without '=' and a string value");
                    }
                });
            }
            positive(path, "timeout_seconds", timeoutSeconds);
            oneOf(path, "network_policy", networkPolicy, NetworkPolicy.WIRE_VALUES);
        }
    }
}
