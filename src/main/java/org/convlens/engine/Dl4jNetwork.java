package org.convlens.engine;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A loaded DL4J network, seen through channels-first arrays. All inputs and outputs here are
 * {@code [N, C, H, W]} (or {@code [N, F]} for dense layers), whatever layout the network uses inside.
 * <p>
 * The network is kept as an analysis copy whose final activation is the identity, so that every
 * forward pass yields logits; {@link #applyFinalActivation} turns them into the network's own output.
 * Calls are serialized: DL4J networks keep per-call state and are not safe to share between threads.
 */
public final class Dl4jNetwork {

    private final MultiLayerNetwork sequential;
    private final ComputationGraph graph;
    private final InputSpec input;
    private final IActivation finalActivation;
    private final String outputName;
    private final List<LayerInfo> layers;
    private final Map<ReluBackward.Rule, Dl4jBackward> backwards = new java.util.EnumMap<>(ReluBackward.Rule.class);
    private final Map<String, InputType> activationTypes;

    private Dl4jNetwork(MultiLayerNetwork sequential, ComputationGraph graph, InputSpec input) {
        this(sequential, graph, input, null);
    }

    /** {@code finalActivation} null: take it from the network and set the network's to the identity. */
    private Dl4jNetwork(MultiLayerNetwork sequential, ComputationGraph graph, InputSpec input, IActivation finalActivation) {
        this.sequential = sequential;
        this.graph = graph;
        this.input = input;
        this.activationTypes = describeActivations();
        this.layers = describeLayers();
        this.outputName = layers.get(layers.size() - 1).name();
        this.finalActivation = finalActivation != null ? finalActivation : replaceFinalActivationWithIdentity();
    }

    /**
     * A copy in which the given output channels of a convolution or dense layer always output {@code values[i]}
     * (0 for zero-ablation, the channel's mean for mean-ablation): their weights are zeroed and their bias set to the
     * value, which is exact for identity and ReLU activations (values ≥ 0 with ReLU).
     */
    public Dl4jNetwork withChannelsFixed(String layerName, int[] channels, double[] values) {
        LayerInfo info = layer(layerName);
        MultiLayerNetwork sequentialCopy = sequential != null ? sequential.clone() : null;
        ComputationGraph graphCopy = graph != null ? copyOfGraph(org.deeplearning4j.nn.conf.WorkspaceMode.ENABLED) : null;
        Layer target = graphCopy != null ? graphCopy.getLayer(layerName) : sequentialCopy.getLayer(layers.indexOf(info));
        org.deeplearning4j.nn.conf.layers.Layer conf = target == null ? null : target.conf().getLayer();
        boolean convolution = conf instanceof ConvolutionLayer;
        boolean dense = conf instanceof org.deeplearning4j.nn.conf.layers.DenseLayer;
        String activation = conf instanceof BaseLayer base ? String.valueOf(base.getActivationFn()) : "";
        if (!(convolution || dense) || !(activation.equals("relu") || activation.equals("identity"))) {
            throw new UnsupportedModelException("units can be ablated in convolution and dense layers with ReLU or no activation; "
                    + layerName + " is " + info.type() + " (" + activation + ")");
        }
        INDArray weights = target.getParam("W");
        INDArray bias = target.getParam("b");
        long[] shape = weights.shape();
        double[] w = weights.dup('c').data().asDouble();
        double[] b = bias.dup('c').data().asDouble();
        int outputs = info.outputShape()[0];
        for (int i = 0; i < channels.length; i++) {
            int channel = channels[i];
            if (channel < 0 || channel >= outputs) throw new IllegalArgumentException("no channel " + channel + " in " + layerName);
            if (convolution) {
                int perFilter = w.length / outputs;   // [out, in, kH, kW]
                java.util.Arrays.fill(w, channel * perFilter, (channel + 1) * perFilter, 0);
            } else {
                for (int row = 0; row < w.length / outputs; row++) w[row * outputs + channel] = 0;   // [in, out]
            }
            b[channel] = activation.equals("relu") ? Math.max(0, values[i]) : values[i];
        }
        target.setParam("W", org.nd4j.linalg.factory.Nd4j.create(w, shape, 'c').castTo(weights.dataType()));
        target.setParam("b", org.nd4j.linalg.factory.Nd4j.create(b, bias.shape(), 'c').castTo(bias.dataType()));
        return new Dl4jNetwork(sequentialCopy, graphCopy, input, finalActivation);
    }

    /** Wraps a copy of {@code net}; the argument itself is left untouched. */
    public static Dl4jNetwork of(MultiLayerNetwork net, InputSpec input) {
        MultiLayerNetwork copy = net.clone();
        stripDropout(copy.getLayers());
        return new Dl4jNetwork(copy, null, input);
    }

    /** Wraps a copy of {@code net}; the argument itself is left untouched. */
    public static Dl4jNetwork of(ComputationGraph net, InputSpec input) {
        if (net.getConfiguration().getNetworkInputs().size() != 1 || net.getConfiguration().getNetworkOutputs().size() != 1) {
            throw new UnsupportedModelException("only networks with one input and one output are supported, this one has "
                    + net.getConfiguration().getNetworkInputs().size() + " inputs and "
                    + net.getConfiguration().getNetworkOutputs().size() + " outputs");
        }
        ComputationGraph copy = withChannelsLastConcatenation(net, input);
        stripDropout(copy.getLayers());
        return new Dl4jNetwork(null, copy, input);
    }

    /**
     * Keras import in M2.1 sets Concatenate to axis -1, and cloning a configuration turns that into axis 1,
     * which for channels-last maps joins along the height. The copy is rebuilt with such merges on axis 3.
     */
    private static ComputationGraph withChannelsLastConcatenation(ComputationGraph net, InputSpec input) {
        Map<String, InputType> types;
        try {
            types = net.getConfiguration().getLayerActivationTypes(inputType(input));
        } catch (RuntimeException e) {
            return net.clone();
        }
        return rebuilt(net, types, input);
    }

    /** A copy of {@code net} built from a cloned configuration, with channels-last merges on the channel axis. */
    private static ComputationGraph rebuilt(ComputationGraph net, Map<String, InputType> types, InputSpec input) {
        ComputationGraphConfiguration conf = net.getConfiguration().clone();
        for (Map.Entry<String, GraphVertex> vertex : conf.getVertices().entrySet()) {
            if (vertex.getValue() instanceof MergeVertex merge) {
                List<String> inputs = conf.getVertexInputs().get(vertex.getKey());
                boolean channelsLast = !inputs.isEmpty() && inputs.stream()
                        .map(name -> conf.getNetworkInputs().contains(name) ? inputType(input) : types.get(name)).allMatch(Dl4jNetwork::nhwc);
                if (channelsLast) merge.setMergeAxis(3);
            }
        }
        ComputationGraph copy = new ComputationGraph(conf);
        copy.init(net.params().dup(), false);
        return copy;
    }

    /** A fresh copy of the analysis graph, for backward passes that change its activations. */
    ComputationGraph copyOfGraph(org.deeplearning4j.nn.conf.WorkspaceMode workspaces) {
        ComputationGraph copy = rebuilt(graph, activationTypes, input);
        copy.getConfiguration().setTrainingWorkspaceMode(workspaces);
        copy.getConfiguration().setInferenceWorkspaceMode(workspaces);
        return copy;
    }

    /** Keras import wraps every layer in Dropout(p=1), which breaks backprop; inference never needs it. */
    private static void stripDropout(Layer[] layers) {
        for (Layer layer : layers) {
            layer.conf().getLayer().setIDropout(null);
        }
    }

    public InputSpec input() {
        return input;
    }

    public boolean isGraph() {
        return graph != null;
    }

    public List<LayerInfo> layers() {
        return layers;
    }

    public LayerInfo layer(String name) {
        return layers.stream().filter(l -> l.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no layer named '" + name + "'; layers: "
                        + layers.stream().map(LayerInfo::name).toList()));
    }

    /** Name of the input, as layer inputs refer to it. */
    public String inputName() {
        return graph != null ? graph.getConfiguration().getNetworkInputs().get(0) : "input";
    }

    public String outputLayer() {
        return outputName;
    }

    public int numClasses() {
        int[] shape = layer(outputName).outputShape();
        return shape.length == 1 ? shape[0] : shape[0] * (shape.length > 1 ? shape[1] * shape[2] : 1);
    }

    public long numParams() {
        return graph != null ? graph.numParams() : sequential.numParams();
    }

    /** Logits for a channels-first batch. */
    public synchronized INDArray logits(INDArray batch) {
        INDArray netInput = toNetworkLayout(batch);
        INDArray out = graph != null ? graph.outputSingle(false, netInput) : sequential.output(netInput, false);
        return out.reshape(out.size(0), out.length() / out.size(0));
    }

    /** One forward pass on zeros: fails when the network cannot take its declared input. */
    public void runOnBlankInput() {
        logits(org.nd4j.linalg.factory.Nd4j.zeros(1, input.channels(), input.height(), input.width()));
    }

    /** The network's own output (softmax probabilities for a classifier) from logits. */
    public INDArray applyFinalActivation(INDArray logits) {
        return finalActivation.getActivation(logits.dup(), false);
    }

    public INDArray scores(INDArray logits, ScoreKind kind) {
        return kind == ScoreKind.LOGIT ? logits : applyFinalActivation(logits);
    }

    /** Logits and the channels-first outputs of the named layers, from one forward pass. */
    public synchronized Forward forward(INDArray batch, Collection<String> tapNames) {
        INDArray netInput = toNetworkLayout(batch);
        Map<String, INDArray> all = new LinkedHashMap<>();
        if (graph != null) {
            all.putAll(graph.feedForward(new INDArray[]{netInput}, false));
        } else {
            List<INDArray> outputs = sequential.feedForward(netInput, false);
            for (int i = 0; i < layers.size(); i++) all.put(layers.get(i).name(), outputs.get(i + 1));
        }
        INDArray logits = all.get(outputName);
        logits = logits.reshape(logits.size(0), logits.length() / logits.size(0));
        Map<String, INDArray> taps = new LinkedHashMap<>();
        for (String name : tapNames) {
            INDArray raw = all.get(name);
            if (raw == null) throw new IllegalArgumentException("no layer named '" + name + "'");
            taps.put(name, toChannelsFirst(name, name.equals(outputName) ? applyFinalActivation(logits) : raw));
        }
        if (graph != null) graph.clearLayersStates();
        else sequential.clearLayersStates();
        return new Forward(logits, taps);
    }

    public record Forward(INDArray logits, Map<String, INDArray> taps) {
        public INDArray tap(String name) {
            return taps.get(name);
        }
    }

    /**
     * One backward pass for a batch. {@code seed} gets the forward pass (logits, and the channels-first
     * output of {@code seedLayer} when one is named) and returns the gradient to start from: {@code [N, classes]}
     * at the logits when {@code seedLayer} is null, else channels-first at that layer's output. ReLUs pass
     * the signal back by {@code rule}. Returns the input gradient and, for each layer in {@code capture},
     * its output and the gradient there, all channels-first.
     */
    public synchronized Gradients gradients(INDArray batch, String seedLayer, Function<Forward, INDArray> seed,
                                            ReluBackward.Rule rule, Collection<String> capture) {
        if (seedLayer != null) layer(seedLayer);
        capture.forEach(this::layer);
        Dl4jBackward backward = backwards.computeIfAbsent(rule, r -> new Dl4jBackward(this, sequential, graph, r));
        return backward.run(batch, seedLayer, seed, capture);
    }

    /** What a backward pass found; every array is channels-first. */
    public record Gradients(INDArray logits, INDArray input, Map<String, INDArray> layerGradients, Map<String, INDArray> layerOutputs) {
    }

    /** The derivative of the network's final activation at {@code logits}, applied to {@code upstream}. */
    public INDArray finalActivationBackward(INDArray logits, INDArray upstream) {
        return finalActivation.backprop(logits.dup(), upstream.dup()).getFirst();
    }

    /**
     * The receptive field of the units of {@code layerName}, following the chain of layers from the input. Layers
     * that keep the geometry (activations, normalization, element-wise) pass it on; graphs whose branches change the
     * geometry differently are refused. Kernels are taken as square (the vertical size, stride and padding).
     */
    public ReceptiveField receptiveField(String layerName) {
        LayerInfo target = layer(layerName);
        java.util.Map<String, ReceptiveField> fields = new java.util.HashMap<>();
        fields.put(inputName(), ReceptiveField.INPUT);
        for (LayerInfo info : layers) {
            ReceptiveField in = null;
            for (String source : info.inputs()) {
                ReceptiveField candidate = fields.get(source);
                if (candidate == null) continue;
                if (in != null && (candidate.rows().jump() != in.rows().jump() || candidate.columns().jump() != in.columns().jump())) {
                    throw new UnsupportedModelException("the branches into " + info.name() + " see the input with different strides");
                }
                if (in == null || candidate.rows().size() + candidate.columns().size() > in.rows().size() + in.columns().size()) in = candidate;
            }
            if (in == null) in = ReceptiveField.INPUT;
            fields.put(info.name(), geometryStep(info, in));
            if (info.name().equals(target.name())) return fields.get(info.name());
        }
        throw new IllegalArgumentException("no layer named " + layerName);
    }

    private ReceptiveField geometryStep(LayerInfo info, ReceptiveField in) {
        Layer layer = graph != null ? graph.getLayer(info.name()) : sequential.getLayer(layers.indexOf(info));
        if (layer == null) return in;
        org.deeplearning4j.nn.conf.layers.Layer conf = layer.conf().getLayer();
        int[] kernel, stride, padding;
        org.deeplearning4j.nn.conf.ConvolutionMode mode;
        if (conf instanceof ConvolutionLayer conv) {
            kernel = conv.getKernelSize();
            stride = conv.getStride();
            padding = conv.getPadding();
            mode = conv.getConvolutionMode();
        } else if (conf instanceof org.deeplearning4j.nn.conf.layers.SubsamplingLayer pool) {
            kernel = pool.getKernelSize();
            stride = pool.getStride();
            padding = pool.getPadding();
            mode = pool.getConvolutionMode();
        } else {
            return in;
        }
        boolean same = mode == org.deeplearning4j.nn.conf.ConvolutionMode.Same;
        return new ReceptiveField(axisStep(in.rows(), kernel[0], stride[0], padding[0], same, input.height()),
                axisStep(in.columns(), kernel[1], stride[1], padding[1], same, input.width()));
    }

    /** One axis through a layer; Same mode pads (total − 1) / 2 in front, as DL4J and TensorFlow do. */
    private static ReceptiveField.Axis axisStep(ReceptiveField.Axis in, int kernel, int stride, int padding, boolean same, int inputLength) {
        int pad = padding;
        if (same) {
            int inputSize = (int) Math.round(inputLength / (double) in.jump());
            int outputSize = (int) Math.ceil(inputSize / (double) stride);
            pad = Math.max((outputSize - 1) * stride + kernel - inputSize, 0) / 2;
        }
        return in.then(kernel, stride, pad);
    }

    /** Convolution kernels of a layer, {@code [out, in, kH, kW]}. */
    public org.convlens.base.Tensor kernels(String layerName) {
        LayerInfo info = layer(layerName);
        if (!info.convolution()) throw new IllegalArgumentException(layerName + " is not a convolution layer");
        Layer layer = graph != null ? graph.getLayer(layerName) : sequential.getLayer(layers.indexOf(info));
        return Dl4jArrays.toTensor(layer.getParam("W"));
    }

    public List<String> convolutionLayers() {
        return layers.stream().filter(LayerInfo::convolution).map(LayerInfo::name).toList();
    }

    INDArray toNetworkLayout(INDArray batch) {
        if (batch.rank() != 4 || batch.size(1) != input.channels() || batch.size(2) != input.height() || batch.size(3) != input.width()) {
            throw new IllegalArgumentException("expected input [N, " + input.channels() + ", " + input.height() + ", "
                    + input.width() + "], got " + java.util.Arrays.toString(batch.shape()));
        }
        INDArray cast = batch.castTo(parameterType());
        return switch (input.layout()) {
            case NCHW -> cast;
            case NHWC -> cast.permute(0, 2, 3, 1).dup('c');
            case FLAT -> cast.dup('c').reshape('c', batch.size(0), (long) input.channels() * input.pixels());
        };
    }

    private org.nd4j.linalg.api.buffer.DataType parameterType() {
        return graph != null ? graph.params().dataType() : sequential.params().dataType();
    }

    /** An input-layout array (e.g. an input gradient) back to channels-first. */
    INDArray fromNetworkLayout(INDArray array) {
        return switch (input.layout()) {
            case NCHW -> array;
            case NHWC -> array.permute(0, 3, 1, 2).dup('c');
            case FLAT -> array.dup('c').reshape('c', array.size(0), input.channels(), input.height(), input.width());
        };
    }

    /** A channels-first array for a layer's output back to the layer's own layout and shape. */
    INDArray fromChannelsFirst(String name, INDArray channelsFirst, long[] nativeShape) {
        if (nativeShape.length == 4 && nhwc(activationTypes.get(name))) return channelsFirst.permute(0, 2, 3, 1).dup('c');
        return channelsFirst.dup('c').reshape(nativeShape);
    }

    INDArray toChannelsFirst(String name, INDArray raw) {
        if (raw.rank() == 2) return raw.reshape(raw.size(0), raw.size(1), 1, 1);
        if (raw.rank() != 4) throw new UnsupportedModelException("layer " + name + " has rank-" + raw.rank() + " output");
        return nhwc(activationTypes.get(name)) ? raw.permute(0, 3, 1, 2).dup('c') : raw;
    }

    private static boolean nhwc(InputType type) {
        return type instanceof InputType.InputTypeConvolutional conv && conv.getFormat() == CNN2DFormat.NHWC;
    }

    private InputType inputType() {
        return inputType(input);
    }

    private static InputType inputType(InputSpec input) {
        CNN2DFormat format = input.layout() == InputSpec.Layout.NHWC ? CNN2DFormat.NHWC : CNN2DFormat.NCHW;
        return input.layout() == InputSpec.Layout.FLAT
                ? InputType.convolutionalFlat(input.height(), input.width(), input.channels())
                : InputType.convolutional(input.height(), input.width(), input.channels(), format);
    }

    private Map<String, InputType> describeActivations() {
        try {
            if (graph != null) return graph.getConfiguration().getLayerActivationTypes(inputType());
            List<InputType> types = sequential.getLayerWiseConfigurations().getLayerActivationTypes(inputType());
            Map<String, InputType> byName = new LinkedHashMap<>();
            for (int i = 0; i < types.size(); i++) byName.put(sequentialName(i), types.get(i));
            return byName;
        } catch (RuntimeException e) {
            throw new UnsupportedModelException("the network does not accept a " + input.height() + "×" + input.width() + "×"
                    + input.channels() + " " + input.layout() + " input: " + e.getMessage(), e);
        }
    }

    private String sequentialName(int index) {
        String name = sequential.getLayer(index).conf().getLayer().getLayerName();
        return name == null || name.isBlank() ? "layer" + index : name;
    }

    private List<LayerInfo> describeLayers() {
        List<LayerInfo> result = new ArrayList<>();
        if (graph != null) {
            ComputationGraphConfiguration conf = graph.getConfiguration();
            for (int index : graph.topologicalSortOrder()) {
                String name = graph.getVertices()[index].getVertexName();
                if (conf.getNetworkInputs().contains(name)) continue;
                GraphVertex vertex = conf.getVertices().get(name);
                org.deeplearning4j.nn.conf.layers.Layer layerConf = vertex instanceof LayerVertex lv ? lv.getLayerConf().getLayer() : null;
                result.add(describe(name, layerConf, vertex.getClass().getSimpleName(), graph.getVertex(name).numParams(),
                        conf.getVertexInputs().get(name)));
            }
        } else {
            MultiLayerConfiguration conf = sequential.getLayerWiseConfigurations();
            for (int i = 0; i < sequential.getnLayers(); i++) {
                List<String> inputs = i == 0 ? List.of("input") : List.of(sequentialName(i - 1));
                result.add(describe(sequentialName(i), conf.getConf(i).getLayer(), null, sequential.getLayer(i).numParams(), inputs));
            }
        }
        return List.copyOf(result);
    }

    private LayerInfo describe(String name, org.deeplearning4j.nn.conf.layers.Layer layerConf, String vertexType, long params, List<String> inputs) {
        InputType type = activationTypes.get(name);
        int[] shape;
        boolean spatial = false;
        if (type instanceof InputType.InputTypeConvolutional conv) {
            shape = new int[]{(int) conv.getChannels(), (int) conv.getHeight(), (int) conv.getWidth()};
            spatial = true;
        } else if (type instanceof InputType.InputTypeFeedForward ff) {
            shape = new int[]{(int) ff.getSize()};
        } else {
            shape = new int[0];
        }
        String typeName = layerConf != null ? layerConf.getClass().getSimpleName() : vertexType;
        String activation = "";
        if (layerConf instanceof BaseLayer base && !(layerConf instanceof DropoutLayer) && base.getActivationFn() != null) activation = base.getActivationFn().toString();
        if (layerConf instanceof ActivationLayer act && act.getActivationFn() != null) activation = act.getActivationFn().toString();
        return new LayerInfo(name, typeName, activation, shape, params, inputs == null ? List.of() : List.copyOf(inputs),
                layerConf instanceof ConvolutionLayer, spatial);
    }

    private IActivation replaceFinalActivationWithIdentity() {
        Layer last = graph != null ? graph.getLayer(outputName) : sequential.getLayer(sequential.getnLayers() - 1);
        if (last == null) return new ActivationIdentity();
        org.deeplearning4j.nn.conf.layers.Layer conf = last.conf().getLayer();
        IActivation original = new ActivationIdentity();
        if (conf instanceof BaseLayer base && base.getActivationFn() != null) {
            original = base.getActivationFn();
            base.setActivationFn(new ActivationIdentity());
        } else if (conf instanceof ActivationLayer act && act.getActivationFn() != null) {
            original = act.getActivationFn();
            act.setActivationFn(new ActivationIdentity());
        }
        return original;
    }
}
