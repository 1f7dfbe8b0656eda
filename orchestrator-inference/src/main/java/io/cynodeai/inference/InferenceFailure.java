package io.cynodeai.inference;

/**
 * Why a model request did not get an answer, in words fit for the caller (no address, key or
 * token). Each kind has the HTTP status and OpenAI error code it answers with.
 */
public final class InferenceFailure extends RuntimeException {
    public enum Kind {
        INVALID_REQUEST(400, "invalid_request_error", null),
        MODEL_NOT_FOUND(404, "invalid_request_error", "model_not_found"),
        NO_PATH(503, "server_error", "no_inference_path"),
        BACKEND(502, "server_error", "backend_error"),
        TIMEOUT(504, "server_error", "timeout");

        public final int status;
        public final String type;
        public final String code;

        Kind(int status, String type, String code) {
            this.status = status;
            this.type = type;
            this.code = code;
        }
    }

    private final Kind kind;

    public InferenceFailure(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
