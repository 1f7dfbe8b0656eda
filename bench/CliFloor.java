import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * The JVM floor of `just bench-cli`: the request `cynork task get ID -o json` makes (GET the task
 * with a bearer token), in one file and nothing else: with java.net.http (the floor cli.md names),
 * or with HttpURLConnection (the client cynork uses) when a third argument says so. The token
 * comes from the environment, never from the command line.
 */
public class CliFloor {
    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0] + "/v1/tasks/" + args[1]);
        String auth = "Bearer " + System.getenv("CLI_FLOOR_TOKEN");
        if (args.length > 2) {
            HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
            c.setRequestProperty("Authorization", auth);
            c.setRequestProperty("Accept", "application/json");
            System.out.println(new String(c.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            System.exit(c.getResponseCode() == 200 ? 0 : 1);
        }
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(uri)
                                .header("Authorization", auth)
                                .header("Accept", "application/json")
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        System.out.println(r.body());
        System.exit(r.statusCode() == 200 ? 0 : 1);
    }
}
