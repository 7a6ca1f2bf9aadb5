package org.convlens.engine;

/**
 * Where a unit of a layer looks in the input: per axis the size, step and offset of its receptive field, from the
 * kernel, stride and padding of every convolution and pooling layer on the way (Araujo et al. 2019). Rows and columns
 * are separate, so 1×7 or 3×5 kernels and unequal strides are exact.
 */
public record ReceptiveField(Axis rows, Axis columns) {

    /**
     * @param size  side of the receptive field along this axis, in input pixels
     * @param jump  input pixels between neighbouring units
     * @param start input coordinate of the centre of unit 0
     */
    public record Axis(int size, int jump, double start) {

        static final Axis INPUT = new Axis(1, 1, 0);

        /** After a layer with this kernel, stride and (leading) padding along the axis. */
        Axis then(int kernel, int stride, int padding) {
            return new Axis(size + (kernel - 1) * jump, jump * stride, start + ((kernel - 1) / 2.0 - padding) * jump);
        }

        /** First and last input coordinate (inclusive) of unit {@code index}, clipped to {@code 0..length-1}. */
        int[] span(int index, int length) {
            double centre = start + index * jump, half = (size - 1) / 2.0;
            return new int[]{(int) Math.max(0, Math.ceil(centre - half)), (int) Math.min(length - 1, Math.floor(centre + half))};
        }
    }

    static final ReceptiveField INPUT = new ReceptiveField(Axis.INPUT, Axis.INPUT);

    public static ReceptiveField square(int size, int jump, double start) {
        Axis axis = new Axis(size, jump, start);
        return new ReceptiveField(axis, axis);
    }

    /** The box {top, left, bottom, right} (inclusive) of the unit at (y, x), clipped to a height × width image. */
    public int[] box(int y, int x, int height, int width) {
        int[] vertical = rows.span(y, height), horizontal = columns.span(x, width);
        return new int[]{vertical[0], horizontal[0], vertical[1], horizontal[1]};
    }

    /** "8 px" for a square field, "3×7 px" otherwise (rows × columns). */
    public String describe() {
        return rows.size() == columns.size() ? rows.size() + " px" : rows.size() + "×" + columns.size() + " px";
    }
}
