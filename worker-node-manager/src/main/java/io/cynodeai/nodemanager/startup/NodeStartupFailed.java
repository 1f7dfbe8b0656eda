package io.cynodeai.nodemanager.startup;

/** The node cannot come up; the message says why in the operator's words. */
class NodeStartupFailed extends RuntimeException {
    NodeStartupFailed(String message) {
        super(message);
    }

    NodeStartupFailed(String message, Throwable cause) {
        super(message + ": " + cause.getMessage(), cause);
    }
}
