package org.convlens.synthesis;

import org.convlens.base.UserInputException;

/**
 * The optimization and its regularizers, each off at 0: L2 decay (Simonyan), total variation with
 * exponent β and an α-norm (Mahendran &amp; Vedaldi), Gaussian blur every k steps, jitter, and clipping of
 * pixels with small norm or small contribution by percentile (Yosinski et al.). All in model-input space.
 *
 * @param steps            optimization steps
 * @param lr               learning rate
 * @param seed             seed of the initial noise and the jitter
 * @param optimizer        {@code adam} (default) or {@code ascent} (plain gradient ascent)
 * @param l2               weight λ of λ‖I‖²
 * @param tv               weight of the total variation TV_β
 * @param tvBeta           exponent β of the total variation
 * @param alpha            exponent α of the α-norm
 * @param alphaWeight      weight of ‖I‖_α^α
 * @param blurEvery        blur every k steps (0: never)
 * @param blurSigma        standard deviation of the blur, in pixels
 * @param jitter           largest random shift per step, in pixels
 * @param clipNorm         zero the pixels whose norm over channels is below this percentile (0–100)
 * @param clipContribution zero the pixels whose |Σ_c I·∂objective/∂I| is below this percentile
 * @param snapshotEvery    keep the image every N steps (0: never)
 * @param clampToImage     keep every value inside the range real images have after preprocessing (default true)
 * @param scale            random scaling per step by a factor in [1 − scale, 1 + scale] (0: off)
 * @param rotate           random rotation per step by up to this many degrees either way (0: off)
 * @param parameterization {@code pixels} (default: optimize the model input directly) or {@code fourier} (Lucid's
 *                         1/f-scaled spectrum, decorrelated colour and sigmoid; blur, clipping and clamping do not apply)
 */
public record RenderSettings(Integer steps, Double lr, Long seed, String optimizer, Double l2, Double tv, Double tvBeta,
                             Double alpha, Double alphaWeight, Integer blurEvery, Double blurSigma, Integer jitter,
                             Double clipNorm, Double clipContribution, Integer snapshotEvery, Boolean clampToImage,
                             Double scale, Double rotate, String parameterization) {

    public RenderSettings {
        steps = steps == null ? 200 : steps;
        lr = lr == null ? 0.05 : lr;
        seed = seed == null ? 0L : seed;
        optimizer = optimizer == null ? "adam" : optimizer;
        l2 = l2 == null ? 0.0 : l2;
        tv = tv == null ? 0.0 : tv;
        tvBeta = tvBeta == null ? 2.0 : tvBeta;
        alpha = alpha == null ? 6.0 : alpha;
        alphaWeight = alphaWeight == null ? 0.0 : alphaWeight;
        blurEvery = blurEvery == null ? 0 : blurEvery;
        blurSigma = blurSigma == null ? 0.5 : blurSigma;
        jitter = jitter == null ? 0 : jitter;
        clipNorm = clipNorm == null ? 0.0 : clipNorm;
        clipContribution = clipContribution == null ? 0.0 : clipContribution;
        snapshotEvery = snapshotEvery == null ? 0 : snapshotEvery;
        clampToImage = clampToImage == null || clampToImage;
        scale = scale == null ? 0.0 : scale;
        rotate = rotate == null ? 0.0 : rotate;
        parameterization = parameterization == null || parameterization.isBlank() ? "pixels" : parameterization;
        if (!parameterization.equals("pixels") && !parameterization.equals("fourier")) throw new UserInputException("parameterization must be pixels or fourier");
        if (parameterization.equals("fourier") && (blurEvery > 0 || clipNorm > 0 || clipContribution > 0)) {
            throw new UserInputException("blur and clipping change pixels; with the fourier parameterization use jitter, scale, rotation, L2 or TV instead");
        }
        if (scale < 0 || scale >= 1) throw new UserInputException("random scale must be 0 to below 1 (a fraction)");
        if (rotate < 0 || rotate > 180) throw new UserInputException("random rotation must be 0–180 degrees");
        if (steps < 1 || steps > 10_000) throw new UserInputException("steps must be 1–10000");
        if (lr <= 0) throw new UserInputException("the learning rate must be positive");
        if (!optimizer.equals("adam") && !optimizer.equals("ascent")) throw new UserInputException("optimizer must be adam or ascent");
        if (l2 < 0 || tv < 0 || alphaWeight < 0) throw new UserInputException("regularizer weights must be ≥ 0");
        if (tvBeta < 1) throw new UserInputException("the TV exponent β must be ≥ 1");
        if (alpha < 1) throw new UserInputException("the norm exponent α must be ≥ 1");
        if (blurEvery < 0 || blurSigma <= 0) throw new UserInputException("blur needs every ≥ 0 and sigma > 0");
        if (jitter < 0) throw new UserInputException("jitter must be ≥ 0 pixels");
        if (clipNorm < 0 || clipNorm >= 100 || clipContribution < 0 || clipContribution >= 100) throw new UserInputException("clipping percentiles must be 0–100");
        if (snapshotEvery < 0) throw new UserInputException("snapshot interval must be ≥ 0");
    }

    boolean fourier() {
        return parameterization.equals("fourier");
    }

    public static RenderSettings defaults() {
        return new RenderSettings(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }
}
