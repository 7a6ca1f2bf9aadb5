package org.convlens.engine;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.layers.IOutputLayer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.VertexIndices;
import org.deeplearning4j.nn.graph.vertex.impl.LayerVertex;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Broadcast;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Backward passes for explanation, on a private copy of the network whose ReLUs follow one
 * {@link ReluBackward.Rule}. The walk is done here, layer by layer (or vertex by vertex in reverse
 * topological order), because DL4J's own backprop cannot start from an arbitrary epsilon, hides input
 * gradients of graphs, and differentiates BatchNormalization with the training formula: here it uses the
 * inference derivative, {@code γ / √(σ² + ε)} per channel. An output layer is crossed through its weights
 * (its activation is the identity in the analysis copy), so the seed is a logit gradient.
 */
final class Dl4jBackward {

    private static final LayerWorkspaceMgr NO_WORKSPACES = LayerWorkspaceMgr.noWorkspaces();

    private final Dl4jNetwork owner;
    private final MultiLayerNetwork sequential;
    private final ComputationGraph graph;

    Dl4jBackward(Dl4jNetwork owner, MultiLayerNetwork source, ComputationGraph sourceGraph, ReluBackward.Rule rule) {
        this.owner = owner;
        if (sourceGraph != null) {
            graph = owner.copyOfGraph(WorkspaceMode.NONE);
            replaceRelus(graph.getLayers(), rule);
            graph.initGradientsView();
            sequential = null;
        } else {
            MultiLayerConfiguration conf = source.getLayerWiseConfigurations().clone();
            conf.setTrainingWorkspaceMode(WorkspaceMode.NONE);
            conf.setInferenceWorkspaceMode(WorkspaceMode.NONE);
            sequential = new MultiLayerNetwork(conf);
            sequential.init(source.params().dup(), false);
            replaceRelus(sequential.getLayers(), rule);
            sequential.initGradientsView();
            graph = null;
        }
    }

    private static void replaceRelus(Layer[] layers, ReluBackward.Rule rule) {
        for (Layer layer : layers) {
            org.deeplearning4j.nn.conf.layers.Layer conf = layer.conf().getLayer();
            conf.setIDropout(null);
            if (conf instanceof BaseLayer base && base.getActivationFn() instanceof ActivationReLU) base.setActivationFn(new ReluBackward(rule));
            if (conf instanceof ActivationLayer act && act.getActivationFn() instanceof ActivationReLU) act.setActivationFn(new ReluBackward(rule));
        }
    }

    Dl4jNetwork.Gradients run(INDArray batch, String seedLayer, Function<Dl4jNetwork.Forward, INDArray> seed, Collection<String> capture) {
        INDArray netInput = owner.toNetworkLayout(batch);
        Map<String, INDArray> activations = forward(netInput);
        INDArray logits = activations.get(owner.outputLayer());
        logits = logits.reshape(logits.size(0), logits.length() / logits.size(0));
        String seedAt = seedLayer == null ? owner.outputLayer() : seedLayer;
        Map<String, INDArray> seedTaps = new LinkedHashMap<>();
        if (seedLayer != null) seedTaps.put(seedLayer, owner.toChannelsFirst(seedLayer, activations.get(seedLayer)));
        INDArray seedEpsilon = seed.apply(new Dl4jNetwork.Forward(logits, seedTaps));
        INDArray nativeSeed = seedLayer == null ? seedEpsilon.reshape(activations.get(seedAt).shape())
                : owner.fromChannelsFirst(seedLayer, seedEpsilon, activations.get(seedAt).shape());

        Map<String, INDArray> layerGradients = new LinkedHashMap<>();
        INDArray inputGradient = graph != null
                ? walkGraph(seedAt, nativeSeed, capture, layerGradients)
                : walkSequential(seedAt, nativeSeed, capture, layerGradients);
        Map<String, INDArray> capturedActivations = new LinkedHashMap<>();
        Map<String, INDArray> capturedGradients = new LinkedHashMap<>();
        for (String name : capture) {
            capturedActivations.put(name, owner.toChannelsFirst(name, activations.get(name)));
            INDArray gradient = layerGradients.get(name);
            capturedGradients.put(name, gradient == null ? null : owner.toChannelsFirst(name, gradient));
        }
        if (graph != null) graph.clearLayersStates();
        else sequential.clearLayersStates();
        return new Dl4jNetwork.Gradients(logits, owner.fromNetworkLayout(inputGradient), capturedGradients, capturedActivations);
    }

    private Map<String, INDArray> forward(INDArray netInput) {
        if (graph != null) return graph.feedForward(new INDArray[]{netInput}, false, false);
        sequential.setInput(netInput);
        List<INDArray> outputs = sequential.feedForward(false, false);
        Map<String, INDArray> byName = new LinkedHashMap<>();
        List<LayerInfo> layers = owner.layers();
        for (int i = 0; i < layers.size(); i++) byName.put(layers.get(i).name(), outputs.get(i + 1));
        return byName;
    }

    private INDArray walkSequential(String seedAt, INDArray epsilon, Collection<String> capture, Map<String, INDArray> gradients) {
        List<LayerInfo> layers = owner.layers();
        int start = layers.indexOf(owner.layer(seedAt));
        INDArray e = epsilon;
        for (int i = start; i >= 0; i--) {
            String name = layers.get(i).name();
            if (capture.contains(name)) gradients.put(name, e);
            e = backwardThroughLayer(sequential.getLayer(i), e);
            InputPreProcessor preProcessor = sequential.getLayerWiseConfigurations().getInputPreProcess(i);
            if (preProcessor != null) e = preProcessor.backprop(e, (int) e.size(0), NO_WORKSPACES);
        }
        return e;
    }

    private INDArray walkGraph(String seedAt, INDArray epsilon, Collection<String> capture, Map<String, INDArray> gradients) {
        GraphVertex[] vertices = graph.getVertices();
        int[] order = graph.topologicalSortOrder();
        Map<Integer, INDArray> pending = new HashMap<>();
        pending.put(graph.getVertex(seedAt).getVertexIndex(), epsilon);
        INDArray inputGradient = null;
        for (int i = order.length - 1; i >= 0; i--) {
            GraphVertex vertex = vertices[order[i]];
            INDArray e = pending.remove(vertex.getVertexIndex());
            if (e == null) continue;
            if (capture.contains(vertex.getVertexName())) gradients.put(vertex.getVertexName(), e);
            if (vertex.isInputVertex()) {
                inputGradient = e;
                continue;
            }
            INDArray[] inputEpsilons;
            if (vertex instanceof LayerVertex layerVertex && needsOwnBackward(layerVertex.getLayer())) {
                INDArray back = backwardThroughLayer(layerVertex.getLayer(), e);
                InputPreProcessor preProcessor = layerVertex.getLayerPreProcessor();
                inputEpsilons = new INDArray[]{preProcessor == null ? back : preProcessor.backprop(back, (int) back.size(0), NO_WORKSPACES)};
            } else {
                vertex.setEpsilon(e);
                inputEpsilons = vertex.doBackward(false, NO_WORKSPACES).getSecond();
            }
            VertexIndices[] inputs = vertex.getInputVertices();
            for (int j = 0; j < inputs.length; j++) {
                pending.merge(inputs[j].getVertexIndex(), inputEpsilons[j].dup(), INDArray::add);
            }
        }
        if (inputGradient == null) throw new IllegalStateException("the backward pass did not reach the input");
        return inputGradient;
    }

    private static boolean needsOwnBackward(Layer layer) {
        return layer instanceof IOutputLayer || layer instanceof org.deeplearning4j.nn.layers.normalization.BatchNormalization;
    }

    /** Gradient with respect to the layer's input, given the gradient with respect to its output. */
    private static INDArray backwardThroughLayer(Layer layer, INDArray epsilon) {
        if (layer instanceof org.deeplearning4j.nn.layers.normalization.BatchNormalization) return batchNormInference(layer, epsilon);
        if (layer instanceof IOutputLayer) {
            // Identity activation in the analysis copy: d(W·x + b)/dx = Wᵀ. A loss layer has no weights.
            INDArray weights = layer.getParam("W");
            return weights == null ? epsilon : epsilon.mmul(weights.transpose());
        }
        return layer.backpropGradient(epsilon, NO_WORKSPACES).getSecond();
    }

    private static INDArray batchNormInference(Layer layer, INDArray epsilon) {
        org.deeplearning4j.nn.conf.layers.BatchNormalization conf = (org.deeplearning4j.nn.conf.layers.BatchNormalization) layer.conf().getLayer();
        INDArray std = conf.isUseLogStd()
                ? Transforms.exp(layer.getParam("log10stdev").castTo(epsilon.dataType()).mul(Math.log(10)), false)
                : Transforms.sqrt(layer.getParam("var").castTo(epsilon.dataType()).add(conf.getEps()), false);
        INDArray gamma = conf.isLockGammaBeta() ? Nd4j.valueArrayOf(std.shape(), conf.getGamma(), std.dataType())
                : layer.getParam("gamma").castTo(epsilon.dataType());
        INDArray scale = gamma.div(std).reshape(-1);
        int axis = epsilon.rank() == 4 && conf.getCnn2DFormat() == CNN2DFormat.NHWC ? 3 : 1;
        return Broadcast.mul(epsilon, scale, epsilon.ulike(), axis);
    }
}
