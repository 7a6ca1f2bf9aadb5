package org.convlens.dataset;

import org.convlens.base.UserInputException;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** Reads the IDX files of MNIST and Fashion-MNIST (gzipped), as described on the MNIST page. */
public final class IdxReader {

    private static final int IMAGES_MAGIC = 0x00000803;
    private static final int LABELS_MAGIC = 0x00000801;

    private IdxReader() {
    }

    public static GrayImageSet read(String name, InputStream imagesGz, InputStream labelsGz, List<String> classNames) throws IOException {
        try (DataInputStream images = new DataInputStream(new GZIPInputStream(imagesGz));
             DataInputStream labels = new DataInputStream(new GZIPInputStream(labelsGz))) {
            if (images.readInt() != IMAGES_MAGIC) throw new UserInputException("not an IDX image file");
            int count = images.readInt();
            int height = images.readInt();
            int width = images.readInt();
            if (labels.readInt() != LABELS_MAGIC) throw new UserInputException("not an IDX label file");
            if (labels.readInt() != count) throw new UserInputException("image and label files hold different counts");
            byte[] pixels = images.readNBytes(count * height * width);
            byte[] labelBytes = labels.readNBytes(count);
            if (pixels.length != count * height * width || labelBytes.length != count) throw new UserInputException("truncated IDX file");
            int[] labelValues = new int[count];
            for (int i = 0; i < count; i++) {
                labelValues[i] = labelBytes[i] & 0xff;
                if (labelValues[i] >= classNames.size()) throw new UserInputException("label " + labelValues[i] + " has no class name");
            }
            return new GrayImageSet(name, height, width, pixels, labelValues, classNames);
        }
    }
}
