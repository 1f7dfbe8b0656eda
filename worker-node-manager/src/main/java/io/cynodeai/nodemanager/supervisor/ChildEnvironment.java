package io.cynodeai.nodemanager.supervisor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The environment of every process the node manager starts (the podman service, worker-api, the
 * tools it asks about the machine): the few names of its own environment a process needs to find
 * its programs, files and container settings, by allow-list, plus what the caller gives. Nothing
 * else of this process's environment (a PSK, a database password, a provider key, whatever it is
 * called) reaches a child.
 */
public final class ChildEnvironment {
    /** What a child may inherit: where programs, home, temporary files and container settings are; locale and zone. */
    static final List<String> INHERITED = List.of(
            "PATH",
            "HOME",
            "USER",
            "LOGNAME",
            "LANG",
            "LC_ALL",
            "LC_CTYPE",
            "TZ",
            "TMPDIR",
            "XDG_RUNTIME_DIR",
            "XDG_CONFIG_HOME",
            "XDG_DATA_HOME",
            "CONTAINERS_CONF",
            "CONTAINERS_STORAGE_CONF",
            "CONTAINERS_REGISTRIES_CONF",
            "JAVA_HOME");

    private ChildEnvironment() {}

    /** Sets {@code pb}'s environment to the allow-listed part of ours plus {@code given}. */
    public static ProcessBuilder apply(ProcessBuilder pb, Map<String, String> given) {
        Map<String, String> env = pb.environment();
        Map<String, String> chosen = of(System.getenv(), given);
        env.clear();
        env.putAll(chosen);
        return pb;
    }

    static Map<String, String> of(Map<String, String> parent, Map<String, String> given) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String name : INHERITED) {
            String value = parent.get(name);
            if (value != null) {
                env.put(name, value);
            }
        }
        env.putAll(given);
        return env;
    }
}
