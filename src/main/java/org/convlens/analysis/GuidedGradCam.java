package org.convlens.analysis;

import org.convlens.base.Progress;
import org.convlens.base.Tensor;
import org.convlens.engine.Dl4jArrays;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Guided Grad-CAM (Selvaraju et al. 2017), as Captum's GuidedGradCam: guided backpropagation times the
 * Grad-CAM map (with ReLU) upsampled to the input by nearest neighbour. Outputs {@code attribution}
 * {@code [N, C, H, W]} and the {@code cam} it used.
 */
public final class GuidedGradCam implements Technique<GradCam.Params> {

    public static final String ID = "guided-gradcam";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "Guided Grad-CAM";
    }

    @Override
    public Class<GradCam.Params> parametersType() {
        return GradCam.Params.class;
    }

    @Override
    public GradCam.Params defaults() {
        return new GradCam.Params(null, "logit", null, true, 16);
    }

    @Override
    public AnalysisResult run(Probe probe, GradCam.Params params, Progress progress) {
        GradCam.Params withRelu = new GradCam.Params(params.target(), params.score(), params.layer(), true, params.batch());
        GradCam.Maps maps = GradCam.maps(probe, withRelu, progress);
        Backprojection.Params guidedParams = new Backprojection.Params(params.target(), params.score(), null, null, null, false, params.batch());
        INDArray guided = Dl4jArrays.toArray(new GuidedBackprop().run(probe, guidedParams, progress).main());
        INDArray attribution = guided.mul(nearestUpsample(maps.cams(), guided.size(2), guided.size(3)).broadcast(guided.shape()));
        Map<String, Tensor> arrays = new LinkedHashMap<>();
        arrays.put("attribution", Dl4jArrays.toTensor(attribution));
        arrays.put("cam", Dl4jArrays.toTensor(maps.cams()));
        return new AnalysisResult(ID, arrays, maps.perImage(), Map.of("layer", maps.layer()));
    }

    /** {@code [N, 1, h, w]} to {@code [N, 1, H, W]}, each output pixel taking source pixel floor(i · h / H), as PyTorch's "nearest". */
    static INDArray nearestUpsample(INDArray maps, long height, long width) {
        long n = maps.size(0), h = maps.size(2), w = maps.size(3);
        INDArray result = org.nd4j.linalg.factory.Nd4j.create(maps.dataType(), n, 1, height, width);
        for (int i = 0; i < n; i++) {
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    result.putScalar(new long[]{i, 0, y, x}, maps.getDouble(i, 0, y * h / height, x * w / width));
                }
            }
        }
        return result;
    }
}
