package org.convlens.base;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/** NumPy {@code .npy} version 1.0, little-endian float32, C order: what {@code numpy.load} reads. */
public final class Npy {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};

    private Npy() {
    }

    public static void write(Tensor tensor, Path file) throws IOException {
        if (file.toAbsolutePath().getParent() != null) Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, bytes(tensor));
    }

    public static byte[] bytes(Tensor tensor) {
        String shape = Arrays.stream(tensor.shape()).mapToObj(Integer::toString).collect(Collectors.joining(", "));
        if (tensor.rank() == 1) shape += ",";
        StringBuilder header = new StringBuilder("{'descr': '<f4', 'fortran_order': False, 'shape': (" + shape + "), }");
        // Magic, version and length take 10 bytes; the header ends in a newline and pads the whole to 64 bytes.
        while ((10 + header.length() + 1) % 64 != 0) header.append(' ');
        header.append('\n');
        byte[] headerBytes = header.toString().getBytes(StandardCharsets.US_ASCII);
        ByteBuffer body = ByteBuffer.allocate(tensor.data().length * 4).order(ByteOrder.LITTLE_ENDIAN);
        body.asFloatBuffer().put(tensor.data());
        ByteArrayOutputStream out = new ByteArrayOutputStream(10 + headerBytes.length + body.capacity());
        out.writeBytes(MAGIC);
        out.write(headerBytes.length & 0xff);
        out.write(headerBytes.length >> 8);
        out.writeBytes(headerBytes);
        out.writeBytes(body.array());
        return out.toByteArray();
    }

    public static Tensor read(Path file) throws IOException {
        return read(Files.readAllBytes(file));
    }

    public static Tensor read(byte[] bytes) throws IOException {
        if (bytes.length < 10 || !Arrays.equals(Arrays.copyOf(bytes, 6), Arrays.copyOf(MAGIC, 6))) throw new IOException("not a .npy file");
        int headerLength = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
        if (10 + headerLength > bytes.length) throw new IOException("truncated .npy header");
        String header = new String(bytes, 10, headerLength, StandardCharsets.US_ASCII);
        if (!header.contains("'<f4'") || header.contains("'fortran_order': True")) throw new IOException("only C-order float32 .npy is read");
        String shapeText = header.substring(header.indexOf('(') + 1, header.indexOf(')'));
        int[] shape = Arrays.stream(shapeText.split(",")).map(String::trim).filter(s -> !s.isEmpty()).mapToInt(Integer::parseInt).toArray();
        float[] data = new float[(bytes.length - 10 - headerLength) / 4];
        if (Arrays.stream(shape).asLongStream().reduce(1, (a, b) -> a * b) != data.length) throw new IOException("the .npy data does not fill its shape");
        ByteBuffer.wrap(bytes, 10 + headerLength, data.length * 4).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
        return new Tensor(shape, data);
    }
}
