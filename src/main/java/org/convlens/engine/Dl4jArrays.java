package org.convlens.engine;

import org.convlens.base.Tensor;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Conversions between ND4J arrays and the plain {@link Tensor} the rest of ConvLens sees. */
public final class Dl4jArrays {

    private Dl4jArrays() {
    }

    public static Tensor toTensor(INDArray array) {
        long[] shape = array.shape();
        int[] intShape = new int[shape.length];
        for (int i = 0; i < shape.length; i++) intShape[i] = Math.toIntExact(shape[i]);
        return new Tensor(intShape, array.castTo(DataType.FLOAT).dup('c').data().asFloat());
    }

    public static INDArray toArray(Tensor tensor) {
        long[] shape = new long[tensor.rank()];
        for (int i = 0; i < shape.length; i++) shape[i] = tensor.dim(i);
        return Nd4j.create(tensor.data().clone(), shape, 'c');
    }
}
