package io.cynodeai.cynork;

/** The exit codes of cli.md: the earliest check that fails decides (usage, auth, request, response). */
public final class Exit {
    public static final int OK = 0;
    public static final int USAGE = 2;
    public static final int AUTH = 3;
    public static final int NOT_FOUND = 4;
    public static final int CONFLICT = 5;
    public static final int VALIDATION = 6;
    public static final int GATEWAY = 7;
    public static final int INTERNAL = 8;

    private Exit() {}

    /** The exit code of a gateway answer with this HTTP status. */
    public static int ofStatus(int status) {
        return switch (status) {
            case 401, 403 -> AUTH;
            case 404 -> NOT_FOUND;
            case 409 -> CONFLICT;
            case 400, 413, 422 -> VALIDATION;
            default -> status >= 500 || status == 408 || status == 429 ? GATEWAY : INTERNAL;
        };
    }
}
