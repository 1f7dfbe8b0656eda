package io.cynodeai.gateway.chat;

/** A chat or models request refused, in the OpenAI error shape's terms. */
final class ChatProblem extends RuntimeException {
    final int status;
    final String param;
    final String code;

    ChatProblem(int status, String message, String param, String code) {
        super(message, null, false, false);
        this.status = status;
        this.param = param;
        this.code = code;
    }

    static ChatProblem invalid(String param, String message) {
        return new ChatProblem(400, message, param, null);
    }
}
