package io.cynodeai.gateway.nodes;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param unreachableAfter a node not heard from for this long shows as {@code unreachable}; the
 *     default is three of the node manager's default 30 s polls, and a little more
 */
@ConfigurationProperties("cynode.nodes")
record NodeSettings(@DefaultValue("100s") Duration unreachableAfter) {}
