package org.convlens.dataset;

import org.convlens.base.UserInputException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Unpacks an uploaded dataset ZIP (images in class-named folders, or flat with a {@code labels.csv}) into a
 * folder of its own, checking every entry: only image files and CSVs are kept, nothing may land outside the
 * target folder, and the number of files, the size of each and the total are limited. What is refused is
 * reported with the reason.
 */
public final class DatasetArchive {

    public record Limits(int maxFiles, long maxFileBytes, long maxTotalBytes) {
        public static final Limits DEFAULT = new Limits(100_000, 20L * 1024 * 1024, 2L * 1024 * 1024 * 1024);
    }

    public record Rejected(String entry, String reason) {
    }

    public record Report(int accepted, List<Rejected> rejected) {
    }

    private DatasetArchive() {
    }

    /**
     * Reads the archive through its central directory, so a truncated or corrupt file is refused as a whole; when
     * the archive is refused, whatever was unpacked is removed again.
     */
    public static Report extract(Path zip, Path target, Limits limits) throws IOException {
        Files.createDirectories(target);
        try {
            return unpack(zip, target, limits);
        } catch (IOException | RuntimeException e) {
            try (java.util.stream.Stream<Path> files = Files.walk(target)) {
                for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    if (!file.equals(target)) Files.deleteIfExists(file);
                }
            }
            throw e;
        }
    }

    private static Report unpack(Path zip, Path target, Limits limits) throws IOException {
        Path root = target.toRealPath();
        List<Rejected> rejected = new ArrayList<>();
        int accepted = 0;
        long total = 0;
        try (ZipFile file = new ZipFile(zip.toFile())) {
            for (ZipEntry entry : java.util.Collections.list(file.entries())) {
                String name = entry.getName();
                if (entry.isDirectory() || name.startsWith("__MACOSX/") || name.endsWith("/.DS_Store")) continue;
                Path destination = root.resolve(name).normalize();
                if (!destination.startsWith(root) || name.startsWith("/") || name.contains("\\")) {
                    rejected.add(new Rejected(name, "path leaves the dataset folder"));
                    continue;
                }
                String lower = name.toLowerCase(Locale.ROOT);
                if (!lower.matches(".*\\.(png|jpe?g|gif|bmp|csv)")) {
                    rejected.add(new Rejected(name, "not an image or CSV"));
                    continue;
                }
                if (accepted >= limits.maxFiles()) throw new UserInputException("the archive holds more than " + limits.maxFiles() + " files");
                byte[] bytes;
                try (InputStream in = file.getInputStream(entry)) {
                    bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limits.maxFileBytes() + 1));
                }
                if (bytes.length > limits.maxFileBytes()) {
                    rejected.add(new Rejected(name, "larger than " + limits.maxFileBytes() / (1024 * 1024) + " MB"));
                    continue;
                }
                total += bytes.length;
                if (total > limits.maxTotalBytes()) throw new UserInputException("the archive unpacks to more than " + limits.maxTotalBytes() / (1024 * 1024) + " MB");
                Files.createDirectories(destination.getParent());
                Files.write(destination, bytes);
                accepted++;
            }
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new UserInputException("the ZIP file is corrupt: " + e.getMessage(), e);
        }
        if (accepted == 0) throw new UserInputException("the archive holds no images");
        return new Report(accepted, List.copyOf(rejected));
    }
}
