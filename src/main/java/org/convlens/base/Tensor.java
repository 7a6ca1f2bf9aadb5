package org.convlens.base;

import java.util.Arrays;

/**
 * A dense float array with its shape, row-major. Images and maps are always channels-first
 * {@code [N, C, H, W]} here, whatever layout the network itself uses.
 */
public record Tensor(int[] shape, float[] data) {

    public Tensor {
        long size = 1;
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            size *= d;
        }
        if (size != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + size + " values, got " + data.length);
        }
    }


    public static Tensor zeros(int... shape) {
        long size = 1;
        for (int d : shape) size *= d;
        return new Tensor(shape, new float[Math.toIntExact(size)]);
    }

    public int rank() {
        return shape.length;
    }

    public int dim(int axis) {
        return shape[axis];
    }

    public String shapeText() {
        StringBuilder text = new StringBuilder();
        for (int d : shape) {
            if (text.length() > 0) text.append('×');
            text.append(d);
        }
        return text.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Tensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Tensor[" + shapeText() + "]";
    }
}
