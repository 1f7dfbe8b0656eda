package io.cynodeai.gateway.chat;

import io.cynodeai.gateway.agent.AgentLoop;
import io.cynodeai.inference.InferencePaths;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /v1/models} in the OpenAI list format: the models some inference path serves now. */
@Tag(name = "chat", description = "OpenAI-compatible chat completions")
@RestController
class ModelsController {
    /** OpenAI's {@code created}: when this gateway first saw the catalog (models carry no date of their own here). */
    private static final long CREATED = Instant.now().getEpochSecond();

    private final InferencePaths paths;
    private final AgentLoop agent;

    ModelsController(InferencePaths paths, AgentLoop agent) {
        this.paths = paths;
        this.agent = agent;
    }

    /** The served models, and {@code cynodeai.pm} first while its own model is served (inference.md §6). */
    private List<InferencePaths.Model> models() {
        List<InferencePaths.Model> served = paths.models();
        if (agent.backing().isEmpty()) {
            return served;
        }
        List<InferencePaths.Model> all = new java.util.ArrayList<>();
        all.add(new InferencePaths.Model(AgentLoop.MODEL, "cynodeai"));
        all.addAll(served);
        return all;
    }

    record ModelView(String id, String object, long created, String ownedBy) {}

    record ModelList(String object, List<ModelView> data) {}

    @Operation(summary = "List the models some inference path serves now")
    @ApiResponse(responseCode = "200", description = "The models (OpenAI list format)")
    @GetMapping("/v1/models")
    ModelList list() {
        return new ModelList(
                "list", models().stream().map(ModelsController::view).toList());
    }

    @Operation(summary = "Read one model")
    @ApiResponse(responseCode = "200", description = "The model")
    @ApiResponse(responseCode = "404", description = "No path serves it (code model_not_found)")
    @GetMapping("/v1/models/{id}")
    ModelView one(@PathVariable String id) {
        return models().stream()
                .filter(m -> m.id().equals(id) || m.id().equals(id + ":latest"))
                .findFirst()
                .map(ModelsController::view)
                .orElseThrow(() ->
                        new ChatProblem(404, "The model '" + id + "' does not exist", "model", "model_not_found"));
    }

    private static ModelView view(InferencePaths.Model m) {
        return new ModelView(m.id(), "model", CREATED, m.ownedBy());
    }
}
