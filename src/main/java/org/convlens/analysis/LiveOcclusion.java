package org.convlens.analysis;

import org.convlens.engine.ScoreKind;
import org.convlens.model.LoadedModel;
import org.convlens.model.ModelProfile;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The interactive occluder of the classroom: the class probabilities of one image with a gray square over it, one
 * forward pass per position, so the presenter can drag the square and watch the prediction change (Zeiler &amp;
 * Fergus's occlusion figure, live).
 */
public final class LiveOcclusion {

    private LiveOcclusion() {
    }

    /**
     * @param modelInput the image in model-input space, channels-first
     * @param top        top row of the square in model-input pixels (may lie partly outside)
     * @param left       left column
     * @param size       side of the square; 0 for no occluder
     */
    public static double[] probabilities(LoadedModel model, float[] modelInput, int top, int left, int size) {
        ModelProfile profile = model.profile();
        int c = profile.channels(), h = profile.height(), w = profile.width();
        float[] occluded = modelInput.clone();
        for (int ch = 0; ch < c; ch++) {
            float gray = (float) ((0.5 * 255 * profile.pixelScale() - profile.mean()[ch]) / profile.std()[ch]);
            for (int y = Math.max(0, top); y < Math.min(h, top + size); y++) {
                for (int x = Math.max(0, left); x < Math.min(w, left + size); x++) occluded[(ch * h + y) * w + x] = gray;
            }
        }
        INDArray logits = model.network().logits(Nd4j.create(occluded, new long[]{1, c, h, w}, 'c'));
        return model.network().scores(logits, ScoreKind.PROBABILITY).getRow(0).toDoubleVector();
    }
}
