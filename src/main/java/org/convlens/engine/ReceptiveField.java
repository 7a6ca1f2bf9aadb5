package org.convlens.engine;

/**
 * Where a unit of a layer looks in the input: the size, step and offset of its receptive field, from the
 * kernel, stride and padding of every convolution and pooling layer on the way (Araujo et al. 2019).
 *
 * @param size   side of the receptive field, in input pixels
 * @param jump   input pixels between neighbouring units
 * @param start  input coordinate of the centre of unit 0
 */
public record ReceptiveField(int size, int jump, double start) {

    static final ReceptiveField INPUT = new ReceptiveField(1, 1, 0);

    /** After a layer with this kernel, stride and (leading) padding. */
    ReceptiveField then(int kernel, int stride, int padding) {
        return new ReceptiveField(size + (kernel - 1) * jump, jump * stride, start + ((kernel - 1) / 2.0 - padding) * jump);
    }

    /** The box {top, left, bottom, right} (inclusive) of the unit at (y, x), clipped to a height × width image. */
    public int[] box(int y, int x, int height, int width) {
        double centreY = start + y * jump;
        double centreX = start + x * jump;
        double half = (size - 1) / 2.0;
        return new int[]{
                (int) Math.max(0, Math.ceil(centreY - half)), (int) Math.max(0, Math.ceil(centreX - half)),
                (int) Math.min(height - 1, Math.floor(centreY + half)), (int) Math.min(width - 1, Math.floor(centreX + half))};
    }
}
