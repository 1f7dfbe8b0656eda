package io.cynodeai.workerapi.inference;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param inferenceUrl where the node's inference container answers, on loopback; empty = this node
 *     offers no model (its inference calls answer 503)
 * @param inferenceTimeout the longest one model call may take
 */
@ConfigurationProperties("cynode.worker")
public record InferenceProxySettings(
        String inferenceUrl, @DefaultValue("300s") Duration inferenceTimeout) {}
