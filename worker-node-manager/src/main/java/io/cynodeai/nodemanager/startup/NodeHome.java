package io.cynodeai.nodemanager.startup;

import io.cynodeai.nodemanager.nodeyaml.NodeYaml;
import java.nio.file.Path;

/** The node's YAML (defaults applied) and its state directory, which holds its logs and secrets. */
record NodeHome(NodeYaml yaml, Path stateDir) {
    Path log(String name) {
        return stateDir.resolve("logs").resolve(name);
    }
}
