package io.cynodeai.controlplane.nodeconfig;

import io.cynodeai.contracts.problem.ProblemType;
import io.cynodeai.serviceweb.problem.ProblemException;

/** Why an acknowledgement was refused. */
final class NodeConfigProblems {
    private NodeConfigProblems() {}

    static ProblemException unknownVersion(String slug, String version) {
        return new ProblemException(
                ProblemType.INVALID_REQUEST, "config_version '" + version + "' was never issued to node " + slug);
    }

    static ProblemException ackForAnotherNode() {
        return new ProblemException(ProblemType.INVALID_REQUEST, "node_slug is not the authenticated node");
    }

    static ProblemException unknownNode(String slug) {
        return new ProblemException(ProblemType.NOT_FOUND, "node " + slug + " is not registered");
    }
}
