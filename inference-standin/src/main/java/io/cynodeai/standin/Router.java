package io.cynodeai.standin;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;

/** TEST DOUBLE: which route answers a request; a bad request is 400, an unknown path 404. */
final class Router {
    private Router() {}

    static void handle(HttpExchange http, OllamaRoutes ollama, OpenAiRoutes openAi) throws IOException {
        Exchange x = new Exchange(http);
        String path = http.getRequestURI().getPath();
        boolean post = "POST".equals(x.method());
        try {
            if (path.startsWith("/v1/") && !openAi.authorized(x)) {
                return;
            }
            switch (path) {
                case "/", "" -> x.text(200, "Ollama is running");
                case "/api/version" -> ollama.version(x);
                case "/api/tags" -> ollama.tags(x);
                case "/api/show" -> ifPost(post, x, () -> ollama.show(x));
                case "/api/pull" -> ifPost(post, x, () -> ollama.pull(x));
                case "/api/chat" -> ifPost(post, x, () -> ollama.chat(x));
                case "/api/generate" -> ifPost(post, x, () -> ollama.generate(x));
                case "/v1/models" -> openAi.models(x);
                case "/v1/chat/completions" -> ifPost(post, x, () -> openAi.chat(x));
                default -> x.json(404, OpenAiRoutes.error("no such path: " + path, "invalid_request_error", null));
            }
        } catch (Exchange.Aborted e) {
            throw e;
        } catch (Exchange.BadRequest e) {
            x.json(400, OpenAiRoutes.error(e.getMessage(), "invalid_request_error", null));
        } catch (IOException | RuntimeException e) {
            http.close(); // the client went away mid-answer, or the answer broke off on purpose
        }
    }

    private interface Route {
        void run() throws IOException;
    }

    private static void ifPost(boolean post, Exchange x, Route route) throws IOException {
        if (post) {
            route.run();
        } else {
            x.json(405, OpenAiRoutes.error("use POST", "invalid_request_error", null));
        }
    }
}
