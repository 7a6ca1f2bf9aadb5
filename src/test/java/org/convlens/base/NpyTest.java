package org.convlens.base;

import org.convlens.base.Npy;
import org.convlens.base.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class NpyTest {

    @TempDir
    Path temp;

    @Test
    void writesNumpyVersionOneFloat32WithAlignedHeader() throws Exception {
        Tensor tensor = new Tensor(new int[]{2, 1, 2, 3}, new float[]{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, -1.5f});
        Path file = temp.resolve("a.npy");
        Npy.write(tensor, file);
        byte[] bytes = Files.readAllBytes(file);
        assertThat(bytes[0] & 0xff).isEqualTo(0x93);
        assertThat(new String(bytes, 1, 5, StandardCharsets.US_ASCII)).isEqualTo("NUMPY");
        int headerLength = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
        assertThat((10 + headerLength) % 64).isZero();
        String header = new String(bytes, 10, headerLength, StandardCharsets.US_ASCII);
        assertThat(header).startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 1, 2, 3), }").endsWith("\n");
        assertThat(bytes.length).isEqualTo(10 + headerLength + 12 * 4);
        assertThat(Npy.read(file)).isEqualTo(tensor);
    }
}
