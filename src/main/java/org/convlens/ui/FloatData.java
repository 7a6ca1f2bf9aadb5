package org.convlens.ui;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

/** Float arrays for the browser elements: little-endian float32 bytes in base64, decoded there into a Float32Array. */
public final class FloatData {

    private FloatData() {
    }

    public static String base64(float[] values, int offset, int length) {
        ByteBuffer buffer = ByteBuffer.allocate(length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(values, offset, length);
        return Base64.getEncoder().encodeToString(buffer.array());
    }

    public static String pngDataUrl(byte[] png) {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(png);
    }
}
