package org.convlens.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import org.convlens.analysis.AnalysisService;
import org.convlens.analysis.InputImage;
import org.convlens.base.NotFoundException;
import org.convlens.base.Npy;
import org.convlens.base.Tensor;
import org.convlens.base.UserInputException;
import org.convlens.dataset.DatasetStore;
import org.convlens.dataset.ImageDataset;
import org.convlens.experiment.Experiment;
import org.convlens.experiment.ExperimentArchive;
import org.convlens.experiment.ExperimentStore;
import org.convlens.experiment.Figures;
import org.convlens.experiment.ShareStore;
import org.convlens.job.Job;
import org.convlens.job.JobRunner;
import org.convlens.model.ImagePreprocessor;
import org.convlens.model.LoadedModel;
import org.convlens.model.ModelRegistry;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import java.io.IOException;
import java.security.Principal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Experiments: start one, follow it, fetch its result, share, export and import; the same services as the views. */
@RestController
@RequestMapping("/api/experiments")
public class ExperimentsApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** An input image: a base64 PNG/JPEG ({@code png}, optional {@code name}), or an item of a dataset ({@code dataset}, {@code index}). */
    public record ImageInput(String png, String name, String dataset, Integer index) {
    }

    /** {@code image} for one input, or {@code images} for several; techniques that use no image take neither. */
    public record NewExperiment(String modelId, String method, Map<String, Object> parameters, ImageInput image, List<ImageInput> images) {
    }

    public record Accepted(String id, String status, String url) {
    }

    public record ImageRef(int position, String name, String sha256, String notes) {
    }

    public record ExperimentState(String id, String status, Double progress, String progressMessage, String method, String title, String modelId,
                                  String modelName, JsonNode parameters, List<String> tags, String notes, String owner, String source,
                                  Instant createdAt, Instant finishedAt, Long durationMs, String error, List<String> arrays, List<ImageRef> images) {
    }

    public record Update(String title, String notes, List<String> tags) {
    }

    public record Page(int total, int offset, List<ExperimentState> experiments) {
    }

    public record ShareLink(String token, String url) {
    }

    private final AnalysisService analysis;
    private final ModelRegistry models;
    private final DatasetStore datasets;
    private final ExperimentStore store;
    private final ShareStore shares;
    private final ExperimentArchive archive;
    private final JobRunner jobs;

    public ExperimentsApi(AnalysisService analysis, ModelRegistry models, DatasetStore datasets, ExperimentStore store, ShareStore shares,
                          ExperimentArchive archive, JobRunner jobs) {
        this.analysis = analysis;
        this.models = models;
        this.datasets = datasets;
        this.store = store;
        this.shares = shares;
        this.archive = archive;
        this.jobs = jobs;
    }

    @Operation(summary = "Start an experiment; 202 with its id, then poll GET /api/experiments/{id}")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Accepted> start(@RequestBody NewExperiment request, Principal user) {
        if (request.modelId() == null || request.method() == null) throw new UserInputException("modelId and method are required");
        LoadedModel model = models.load(models.get(request.modelId()).id());
        List<ImageInput> inputs = new ArrayList<>();
        if (request.image() != null) inputs.add(request.image());
        if (request.images() != null) inputs.addAll(request.images());
        List<InputImage> images = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) images.add(image(inputs.get(i), i));
        AnalysisService.Run run = analysis.prepare(model, images, request.method(), request.parameters() == null ? Map.of() : request.parameters(),
                true, Experiment.Source.API, user == null ? null : user.getName());
        jobs.submit(run.experimentId(), request.method() + " via API", run::execute);
        String url = ServletUriComponentsBuilder.fromCurrentContextPath().path("/api/experiments/{id}").buildAndExpand(run.experimentId()).toUriString();
        return ResponseEntity.status(HttpStatus.ACCEPTED).header(HttpHeaders.LOCATION, url).body(new Accepted(run.experimentId(), "RUNNING", url));
    }

    private InputImage image(ImageInput input, int position) {
        if (input.png() != null) {
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(input.png().replaceFirst("^data:[^,]*,", ""));
            } catch (IllegalArgumentException e) {
                throw new UserInputException("image " + position + ": png is not base64");
            }
            return new InputImage(input.name() == null ? "image-" + position + ".png" : input.name(), ImagePreprocessor.decode(bytes));
        }
        if (input.dataset() != null) {
            ImageDataset dataset = datasets.open(input.dataset(), 0);
            int index = input.index() == null ? 0 : input.index();
            if (index < 0 || index >= dataset.size()) throw new UserInputException("image " + position + ": index " + index + " is outside 0–" + (dataset.size() - 1));
            return new InputImage(dataset.name(index) + ".png", dataset.image(index));
        }
        throw new UserInputException("image " + position + " needs png (base64) or dataset and index");
    }

    @Operation(summary = "Experiments newest first, filtered like the History view")
    @GetMapping
    public Page list(@RequestParam(required = false) String q, @RequestParam(required = false) String model, @RequestParam(required = false) String method,
                     @RequestParam(required = false) String layer, @RequestParam(required = false) String tag, @RequestParam(required = false) String status,
                     @RequestParam(defaultValue = "50") int limit, @RequestParam(defaultValue = "0") int offset) {
        if (limit < 1 || limit > 500 || offset < 0) throw new UserInputException("limit is 1–500 and offset ≥ 0");
        Experiment.Status wanted;
        try {
            wanted = status == null ? null : Experiment.Status.valueOf(status.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UserInputException("status is one of RUNNING, DONE, FAILED, CANCELLED");
        }
        ExperimentStore.Filter filter = new ExperimentStore.Filter(q, model, method, layer, tag, wanted, null, null);
        return new Page(store.count(filter), offset, store.search(filter, limit, offset).stream().map(this::state).toList());
    }

    @Operation(summary = "Status, progress, parameters and timings of an experiment")
    @GetMapping("/{id}")
    public ExperimentState get(@PathVariable String id) {
        return state(find(id));
    }

    private Experiment find(String id) {
        return store.find(id).orElseThrow(() -> new NotFoundException("no experiment " + id));
    }

    private ExperimentState state(Experiment e) {
        Double progress = null;
        String message = null;
        if (e.status() == Experiment.Status.RUNNING) {
            var job = jobs.find(e.id());
            if (job.isPresent()) {
                progress = job.get().fraction();
                message = job.get().state() == Job.State.QUEUED ? "queued" : job.get().message();
            }
        } else {
            progress = 1.0;
        }
        JsonNode parameters;
        try {
            parameters = JSON.readTree(e.paramsJson());
        } catch (IOException ex) {
            parameters = null;
        }
        List<String> arrays = e.status() == Experiment.Status.RUNNING ? List.of() : store.arrayNames(e.id());
        return new ExperimentState(e.id(), e.status().name(), progress, message, e.method(), e.title(), e.modelId(), e.modelName(), parameters,
                e.tags(), e.notes(), e.owner(), e.source().name(), e.createdAt(), e.finishedAt(), e.durationMs(), e.error(), arrays,
                e.inputs().stream().map(i -> new ImageRef(i.position(), i.name(), i.imageId(), i.notes())).toList());
    }

    @Operation(summary = "Rename, annotate or tag an experiment (fields left out stay as they are)")
    @PatchMapping("/{id}")
    public ExperimentState update(@PathVariable String id, @RequestBody Update update) {
        find(id);
        if (update.title() != null) store.rename(id, update.title());
        if (update.notes() != null) store.annotate(id, update.notes());
        if (update.tags() != null) store.tag(id, update.tags());
        return get(id);
    }

    @Operation(summary = "Delete an experiment with its arrays, tags, links and lesson entries")
    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    public void delete(@PathVariable String id) {
        if (!store.delete(id)) throw new NotFoundException("no experiment " + id);
    }

    @Operation(summary = "A result array as float32 .npy, [N, C, H, W] like the command line writes (default: the main array)")
    @GetMapping(value = "/{id}/result.npy", produces = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    public ResponseEntity<byte[]> result(@PathVariable String id, @RequestParam(required = false) String array) {
        return download(Npy.bytes(storedArray(id, array)), id + (array == null ? "" : "-" + array) + ".npy", MediaType.APPLICATION_OCTET_STREAM);
    }

    @Operation(summary = "One rendered figure as PNG: image {index} of an array (default: the main array, first image)")
    @GetMapping(value = "/{id}/figure.png", produces = MediaType.IMAGE_PNG_VALUE)
    public ResponseEntity<byte[]> figure(@PathVariable String id, @RequestParam(required = false) String array, @RequestParam(defaultValue = "0") int index) {
        String name = array == null ? arrayNames(id).get(0) : array;
        byte[] png = Figures.png(name, storedArray(id, name), index).orElseThrow(() -> new UserInputException("array " + name + " image " + index + " cannot be drawn"));
        return download(png, id + "-" + name + "-" + index + ".png", MediaType.IMAGE_PNG);
    }

    /** The names of a finished experiment's arrays; 404 when it has none. */
    private List<String> arrayNames(String id) {
        Experiment experiment = find(id);
        List<String> names = store.arrayNames(id);
        if (names.isEmpty()) throw new NotFoundException("experiment " + id + " has no result (" + experiment.status() + ")");
        return names;
    }

    /** One array read alone (null: the main one); 404 names the arrays there are. */
    private Tensor storedArray(String id, String name) {
        List<String> names = arrayNames(id);
        return store.array(id, name).orElseThrow(() -> new NotFoundException("experiment " + id + " has no array '" + name + "'; it has " + names));
    }

    @Operation(summary = "The experiment as a ZIP: PNG figures, .npy arrays, JSON with every parameter and the model and image hashes, README")
    @GetMapping(value = "/{id}/export.zip", produces = "application/zip")
    public ResponseEntity<byte[]> export(@PathVariable String id) {
        return download(archive.export(id), "convlens-" + id + ".zip", MediaType.parseMediaType("application/zip"));
    }

    @Operation(summary = "Recreate an experiment from an export ZIP (multipart field 'file'); 201 with its id here")
    @PostMapping(value = "/import", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    public Accepted importZip(@RequestPart("file") MultipartFile file) throws IOException {
        String id = archive.importZip(file.getBytes());
        return new Accepted(id, find(id).status().name(), ServletUriComponentsBuilder.fromCurrentContextPath().path("/api/experiments/{id}").buildAndExpand(id).toUriString());
    }

    @Operation(summary = "A read-only link that opens the result without signing in")
    @PostMapping("/{id}/share")
    @ResponseStatus(HttpStatus.CREATED)
    public ShareLink share(@PathVariable String id, Principal user, HttpServletRequest request) {
        ShareStore.Share share = shares.create(id, user == null ? null : user.getName());
        return new ShareLink(share.token(), ServletUriComponentsBuilder.fromCurrentContextPath().path(share.path()).toUriString());
    }

    private static ResponseEntity<byte[]> download(byte[] content, String fileName, MediaType type) {
        return ResponseEntity.ok().contentType(type).header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + fileName + "\"").body(content);
    }
}
