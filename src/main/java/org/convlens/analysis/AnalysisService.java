package org.convlens.analysis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.convlens.base.Progress;
import org.convlens.base.UserInputException;
import org.convlens.dataset.DatasetSource;
import org.convlens.engine.Dl4jArrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.convlens.experiment.Experiment;
import org.convlens.experiment.ExperimentStore;
import org.convlens.experiment.NewImage;
import org.convlens.model.ImagePreprocessor;
import org.convlens.model.LoadedModel;
import org.convlens.model.PreparedImage;
import org.convlens.base.Tensor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a technique on a model and images, and records the run as an experiment when asked. The web
 * app, the REST API and the command line all come through here, so they behave the same.
 */
public class AnalysisService {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final TechniqueRegistry techniques;
    private final ExperimentStore store;
    private final DatasetSource datasets;

    public AnalysisService(TechniqueRegistry techniques, ExperimentStore store, DatasetSource datasets) {
        this.techniques = techniques;
        this.store = store;
        this.datasets = datasets;
    }

    public TechniqueRegistry techniques() {
        return techniques;
    }

    /** What a run produced; {@code experimentId} is null when the run was not saved. */
    public record Outcome(String experimentId, AnalysisResult result, List<PreparedImage> images, Map<String, Object> parameters, long durationMs) {
    }

    /** @param owner who asked (the signed-in user in team mode), or null */
    public Outcome analyze(LoadedModel model, List<InputImage> inputs, String method, Map<String, ?> rawParameters,
                           boolean save, Experiment.Source source, String owner, Progress progress) {
        return prepare(model, inputs, method, rawParameters, save, source, owner).execute(progress);
    }

    /**
     * Checks the request and, when saving, records the experiment as RUNNING; nothing is stored for a request that is
     * refused. The returned run is executed later, typically as a background job.
     */
    public Run prepare(LoadedModel model, List<InputImage> inputs, String method, Map<String, ?> rawParameters,
                       boolean save, Experiment.Source source, String owner) {
        boolean usesImages = techniques.get(method).usesImages();
        if (inputs.isEmpty() && usesImages) throw new UserInputException("choose at least one image");
        List<InputImage> used = usesImages ? inputs : List.of();
        Record parameters = techniques.parameters(method, rawParameters);
        Map<String, Object> parameterMap = techniques.parametersAsMap(parameters);
        List<PreparedImage> prepared = used.stream().map(input -> ImagePreprocessor.prepare(input.image(), model.profile())).toList();
        String experimentId = null;
        if (save) {
            List<NewImage> images = new ArrayList<>();
            for (int i = 0; i < used.size(); i++) {
                InputImage input = used.get(i);
                images.add(new NewImage(input.name(), ImagePreprocessor.toPng(input.image()), input.image().getWidth(), input.image().getHeight(),
                        ImagePreprocessor.isGray(input.image()) ? 1 : 3, String.join("; ", prepared.get(i).notes())));
            }
            experimentId = store.start(model.id(), model.name(), method, toJson(parameterMap), images, source, owner);
        }
        return new Run(model, method, parameters, parameterMap, prepared, experimentId);
    }

    /** A checked request, recorded as RUNNING when saved, ready to compute. */
    public final class Run {
        private final LoadedModel model;
        private final String method;
        private final Record parameters;
        private final Map<String, Object> parameterMap;
        private final List<PreparedImage> prepared;
        private final String experimentId;

        private Run(LoadedModel model, String method, Record parameters, Map<String, Object> parameterMap, List<PreparedImage> prepared, String experimentId) {
            this.model = model;
            this.method = method;
            this.parameters = parameters;
            this.parameterMap = parameterMap;
            this.prepared = prepared;
            this.experimentId = experimentId;
        }

        public String experimentId() {
            return experimentId;
        }

        public Outcome execute(Progress progress) {
            long started = System.nanoTime();
            try {
                Tensor batch = prepared.isEmpty() ? Tensor.zeros(1, model.profile().channels(), model.profile().height(), model.profile().width()) : batch(prepared);
                AnalysisResult result = techniques.run(method, new Probe(model, Dl4jArrays.toArray(batch), datasets), parameters, progress);
                long durationMs = (System.nanoTime() - started) / 1_000_000;
                boolean cancelled = Boolean.TRUE.equals(result.facts().get("cancelled"));
                if (store != null) UnitComparison.attach(result, model.id(), store);
                if (experimentId != null) {
                    store.complete(experimentId, result.arrays(), toJson(summary(result, model)), durationMs,
                            cancelled ? Experiment.Status.CANCELLED : Experiment.Status.DONE);
                }
                return new Outcome(experimentId, result, prepared, parameterMap, durationMs);
            } catch (RuntimeException | Error e) {
                if (experimentId != null) {
                    store.fail(experimentId, e instanceof Progress.CancelledException ? Experiment.Status.CANCELLED : Experiment.Status.FAILED,
                            describe(e), (System.nanoTime() - started) / 1_000_000);
                }
                throw e;
            }
        }
    }

    /** The {@code n} classes the model scores highest for an image, best first. */
    public int[] topClasses(LoadedModel model, InputImage image, int n) {
        PreparedImage prepared = ImagePreprocessor.prepare(image.image(), model.profile());
        INDArray logits = model.network().logits(Dl4jArrays.toArray(batch(List.of(prepared))));
        double[] scores = logits.getRow(0).toDoubleVector();
        return java.util.stream.IntStream.range(0, scores.length).boxed()
                .sorted((a, b) -> Double.compare(scores[b], scores[a])).limit(Math.max(1, n)).mapToInt(Integer::intValue).toArray();
    }

    /** What the store keeps beside the arrays, enough to redraw the result without the model. */
    static Map<String, Object> summary(AnalysisResult result, LoadedModel model) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("labels", model.profile().labels());
        summary.put("facts", result.facts());
        summary.put("images", result.perImage());
        return summary;
    }

    private static Tensor batch(List<PreparedImage> images) {
        PreparedImage first = images.get(0);
        int size = first.modelInput().length;
        float[] data = new float[images.size() * size];
        for (int i = 0; i < images.size(); i++) System.arraycopy(images.get(i).modelInput(), 0, data, i * size, size);
        return new Tensor(new int[]{images.size(), first.channels(), first.height(), first.width()}, data);
    }

    static String describe(Throwable e) {
        if (e instanceof Progress.CancelledException) return "cancelled";
        if (e instanceof UserInputException) return e.getMessage();
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
