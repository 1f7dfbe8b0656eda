package io.cynodeai.nodemanager.nodeyaml;

/** The node YAML is missing, unreadable, or has an invalid value; the message names the key. */
public final class InvalidNodeYaml extends RuntimeException {
    InvalidNodeYaml(String message) {
        super(message);
    }

    static InvalidNodeYaml key(String key, String problem) {
        return new InvalidNodeYaml("node YAML: " + key + " " + problem);
    }
}
