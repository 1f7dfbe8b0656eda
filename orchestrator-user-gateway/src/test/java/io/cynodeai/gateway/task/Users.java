package io.cynodeai.gateway.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.cynodeai.contracts.json.Json;
import io.cynodeai.testsupport.TestHttp;
import io.cynodeai.testsupport.TestHttp.Reply;
import java.util.Map;

/** Signed-in users of the task tests: a new user each, made by the bootstrap admin. */
public final class Users {
    /** The same as the other gateway tests: they share one database, where the first context bootstraps admin. */
    public static final String ADMIN_PASSWORD = "admin-password-for-tests-1";

    private Users() {}

    public static String login(TestHttp http, String handle, String password) {
        Reply r = http.post("/v1/auth/login", null, Json.write(Map.of("handle", handle, "password", password)));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return Json.mapper().readTree(r.body()).get("access_token").asString();
    }

    /** A new user's access token. */
    public static String newUser(TestHttp http, String prefix) {
        String handle = prefix + System.nanoTime();
        Reply r = http.post(
                "/v1/users",
                login(http, "admin", ADMIN_PASSWORD),
                Json.write(Map.of("handle", handle, "password", "password-of-" + handle)));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return login(http, handle, "password-of-" + handle);
    }
}
