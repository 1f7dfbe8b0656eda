package io.cynodeai.gateway.agent;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The acting model (inference.md §6), bound to {@code CYNODE_AGENT_MODEL} and {@code
 * CYNODE_AGENT_MAX_STEPS} in the gateway's {@code application.yaml}.
 *
 * @param model the model the agent thinks with (one an inference path serves, able to call
 *     tools); empty = no {@code cynodeai.pm}
 * @param maxSteps model calls per chat at most; then it answers with what it has
 * @param timeLimit a chat's whole time at most, tools included; then it answers with what it has
 * @param toolWait how long a tool waits for its task to end before it says it still runs
 */
@ConfigurationProperties("cynode.agent")
public record AgentSettings(
        @DefaultValue("") String model,
        @DefaultValue("8") int maxSteps,
        @DefaultValue("10m") Duration timeLimit,
        @DefaultValue("5m") Duration toolWait) {

    public AgentSettings {
        if (maxSteps < 1) {
            throw new IllegalArgumentException("cynode.agent.max-steps must be at least 1");
        }
    }
}
