package org.convlens.api;

import io.swagger.v3.oas.annotations.Operation;
import org.convlens.base.UserInputException;
import org.convlens.engine.LayerInfo;
import org.convlens.model.ModelProfile;
import org.convlens.model.ModelRegistry;
import org.convlens.model.StoredModel;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

/** Models: list, upload (Keras .h5 or DL4J .zip), and one model's layers. */
@RestController
@RequestMapping("/api/models")
public class ModelsApi {

    public record ModelSummary(String id, String name, String format, String kind, boolean builtIn, ModelProfile profile, Instant createdAt) {
        static ModelSummary of(StoredModel model) {
            return new ModelSummary(model.id(), model.name(), model.format().name(), model.kind(), model.builtIn(), model.profile(), model.createdAt());
        }
    }

    public record Layer(String name, String type, String activation, int[] outputShape, long parameters, List<String> inputs) {
    }

    public record ModelDetail(ModelSummary model, long parameters, List<Layer> layers) {
    }

    private final ModelRegistry models;

    public ModelsApi(ModelRegistry models) {
        this.models = models;
    }

    @Operation(summary = "Every model of this instance, built-in ones first")
    @GetMapping
    public List<ModelSummary> list() {
        return models.list().stream().map(ModelSummary::of).toList();
    }

    @Operation(summary = "Upload a Keras HDF5 or DL4J zip model (multipart field 'file'); 422 when its layers are not supported")
    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    public ModelSummary upload(@RequestPart("file") MultipartFile file) throws IOException {
        if (file.isEmpty()) throw new UserInputException("the model file is empty");
        return ModelSummary.of(models.register(file.getOriginalFilename(), file.getBytes()));
    }

    @Operation(summary = "A model's layers: name, type, activation, output shape, parameters, inputs")
    @GetMapping("/{id}")
    public ModelDetail get(@PathVariable String id) {
        StoredModel model = models.get(id);
        var network = models.load(id).network();
        List<Layer> layers = network.layers().stream()
                .map((LayerInfo l) -> new Layer(l.name(), l.type(), l.activation(), l.outputShape(), l.parameters(), l.inputs())).toList();
        return new ModelDetail(ModelSummary.of(model), network.numParams(), layers);
    }
}
