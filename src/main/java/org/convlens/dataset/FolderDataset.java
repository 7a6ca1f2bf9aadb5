package org.convlens.dataset;

import org.convlens.base.Progress;
import org.convlens.base.UserInputException;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A dataset in a folder, as uploaded: images in class-named sub-folders, or anywhere with a {@code labels.csv}
 * ({@code file,label}); optionally segmentation masks under {@code masks/} (one PNG per image at the image's path,
 * pixel values are concept ids; in an RGB mask each of R, G and B is a separate label layer, so colour, texture and
 * shape may overlap) with a {@code concepts.csv} ({@code id,name,category}).
 */
public final class FolderDataset implements ImageDataset {

    public static final String LABELS_CSV = "labels.csv";
    public static final String CONCEPTS_CSV = "concepts.csv";
    public static final String MASKS = "masks";

    private final Path root;
    private final List<Path> files;
    private final List<String> classNames;
    private final int[] labels;
    private final Masks masks;

    private FolderDataset(Path root, List<Path> files, List<String> classNames, int[] labels, Masks masks) {
        this.root = root;
        this.files = files;
        this.classNames = classNames;
        this.labels = labels;
        this.masks = masks;
    }

    /** Reads the file list and the CSVs; a malformed CSV, or one naming a missing file, is refused. */
    public static FolderDataset open(Path root, int limit) {
        if (!Files.isDirectory(root)) throw new UserInputException("no folder " + root);
        List<Path> all = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(Files::isRegularFile).filter(f -> isImage(f.getFileName().toString()))
                    .filter(f -> !root.relativize(f).startsWith(MASKS)).sorted().forEach(all::add);
        } catch (IOException e) {
            throw new UserInputException("cannot list " + root + ": " + e.getMessage(), e);
        }
        if (all.isEmpty()) throw new UserInputException("no images in " + root.getFileName());
        List<Path> files = limit > 0 ? List.copyOf(all.subList(0, Math.min(limit, all.size()))) : List.copyOf(all);

        Map<String, String> labelOf = new LinkedHashMap<>();
        Path labelsCsv = root.resolve(LABELS_CSV);
        if (Files.exists(labelsCsv)) {
            for (String[] row : readCsv(labelsCsv, 2, "file,label")) {
                Path image = root.resolve(row[0]).normalize();
                if (!image.startsWith(root) || !Files.isRegularFile(image)) {
                    throw new UserInputException(LABELS_CSV + " names '" + row[0] + "', which is not an image of the dataset");
                }
                labelOf.put(root.relativize(image).toString(), row[1]);
            }
        } else {
            for (Path file : all) {
                Path relative = root.relativize(file);
                if (relative.getNameCount() > 1) labelOf.put(relative.toString(), relative.getName(0).toString());
            }
        }
        List<String> classNames = sortedClasses(labelOf.values());
        int[] labels = new int[files.size()];
        for (int i = 0; i < files.size(); i++) {
            String label = labelOf.get(root.relativize(files.get(i)).toString());
            labels[i] = label == null ? -1 : classNames.indexOf(label);
        }
        Path maskFolder = root.resolve(MASKS);
        Masks masks = null;
        if (Files.isDirectory(maskFolder)) {
            Path conceptsCsv = root.resolve(CONCEPTS_CSV);
            if (!Files.exists(conceptsCsv)) throw new UserInputException("the dataset has masks/ but no " + CONCEPTS_CSV + " (id,name,category)");
            masks = new Masks(maskFolder, readConcepts(conceptsCsv));
        }
        return new FolderDataset(root, files, classNames, labels, masks);
    }

    /** Class names in numeric order when they are all numbers, else alphabetical. */
    private static List<String> sortedClasses(java.util.Collection<String> labels) {
        List<String> distinct = new ArrayList<>(new java.util.TreeSet<>(labels));
        if (distinct.stream().allMatch(s -> s.matches("\\d{1,9}"))) distinct.sort(java.util.Comparator.comparingInt(Integer::parseInt));
        return List.copyOf(distinct);
    }

    /**
     * Decodes every image and mask once, so an upload with an unreadable file or a mask that does not fit its image
     * is refused before it is stored.
     */
    public void validate(Progress progress) {
        for (int i = 0; i < files.size(); i++) {
            progress.checkCancelled();
            BufferedImage image = image(i);
            if (masks != null) {
                ConceptMasks.Mask mask = mask(i);
                if (mask.width() != image.getWidth() || mask.height() != image.getHeight()) {
                    throw new UserInputException("the mask of " + name(i) + " is " + mask.width() + "×" + mask.height() + " but the image is "
                            + image.getWidth() + "×" + image.getHeight());
                }
            }
            if (i % 100 == 0) progress.update((double) i / files.size(), "checked " + i + " of " + files.size() + " images");
        }
    }

    @Override
    public int size() {
        return files.size();
    }

    @Override
    public String name(int index) {
        return root.relativize(files.get(index)).toString();
    }

    @Override
    public BufferedImage image(int index) {
        return read(files.get(index), name(index));
    }

    @Override
    public int label(int index) {
        return labels[index];
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public ConceptMasks concepts() {
        return masks == null ? null : new ConceptMasks() {
            @Override
            public List<Concept> concepts() {
                return masks.concepts;
            }

            @Override
            public Mask mask(int image) {
                return FolderDataset.this.mask(image);
            }
        };
    }

    private ConceptMasks.Mask mask(int index) {
        String relative = name(index);
        String png = relative.substring(0, relative.lastIndexOf('.')) + ".png";
        Path file = masks.folder.resolve(png);
        if (!Files.isRegularFile(file)) throw new UserInputException("no mask for " + relative + " (expected " + MASKS + "/" + png + ")");
        BufferedImage mask = read(file, MASKS + "/" + png);
        // Gray and palette PNGs have one band of raw values (palette indices, not colours); RGB(A) has three layers.
        int bands = mask.getRaster().getNumBands() >= 3 ? 3 : 1;
        int w = mask.getWidth(), h = mask.getHeight();
        int[][] layers = new int[bands][w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int b = 0; b < bands; b++) {
                    int value = mask.getRaster().getSample(x, y, b);
                    if (value == 0) {
                        layers[b][y * w + x] = ConceptMasks.NONE;
                        continue;
                    }
                    Integer concept = masks.indexOfId.get(value);
                    if (concept == null) throw new UserInputException("mask " + png + " uses concept id " + value + ", which " + CONCEPTS_CSV + " does not define");
                    layers[b][y * w + x] = concept;
                }
            }
        }
        return new ConceptMasks.Mask(h, w, layers);
    }

    private record Masks(Path folder, List<ConceptMasks.Concept> concepts, Map<Integer, Integer> indexOfId) {
        Masks(Path folder, Map<Integer, ConceptMasks.Concept> byId) {
            this(folder, List.copyOf(byId.values()), indices(byId));
        }

        private static Map<Integer, Integer> indices(Map<Integer, ConceptMasks.Concept> byId) {
            Map<Integer, Integer> indices = new HashMap<>();
            for (Integer id : byId.keySet()) indices.put(id, indices.size());
            return indices;
        }
    }

    private static Map<Integer, ConceptMasks.Concept> readConcepts(Path csv) {
        Map<Integer, ConceptMasks.Concept> byId = new LinkedHashMap<>();
        for (String[] row : readCsv(csv, 3, "id,name,category")) {
            int id;
            try {
                id = Integer.parseInt(row[0].trim());
            } catch (NumberFormatException e) {
                throw new UserInputException(CONCEPTS_CSV + ": concept id '" + row[0] + "' is not a number");
            }
            if (id < 1 || id > 255) throw new UserInputException(CONCEPTS_CSV + ": concept ids are mask pixel values 1–255, not " + id);
            if (byId.put(id, new ConceptMasks.Concept(row[1].trim(), row[2].trim())) != null) {
                throw new UserInputException(CONCEPTS_CSV + ": concept id " + id + " appears twice");
            }
        }
        if (byId.isEmpty()) throw new UserInputException(CONCEPTS_CSV + " defines no concepts");
        return byId;
    }

    /** Comma-separated rows of at least {@code columns} fields; a first row equal to the header is skipped. */
    private static List<String[]> readCsv(Path csv, int columns, String header) {
        List<String> lines;
        try {
            lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UserInputException("cannot read " + csv.getFileName() + ": " + e.getMessage(), e);
        }
        List<String[]> rows = new ArrayList<>();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (n == 0 && line.startsWith("\uFEFF")) line = line.substring(1);
            if (line.isEmpty() || (n == 0 && line.replace(" ", "").equalsIgnoreCase(header))) continue;
            String[] fields = line.split(",", -1);
            if (fields.length < columns || java.util.Arrays.stream(fields).limit(columns).anyMatch(f -> f.isBlank())) {
                throw new UserInputException(csv.getFileName() + " line " + (n + 1) + ": expected " + header + ", found '" + line + "'");
            }
            for (int i = 0; i < fields.length; i++) fields[i] = fields[i].strip();
            rows.add(fields);
        }
        return rows;
    }

    static boolean isImage(String fileName) {
        return fileName.toLowerCase(Locale.ROOT).matches(".*\\.(png|jpe?g|gif|bmp)");
    }

    private static BufferedImage read(Path file, String name) {
        try {
            BufferedImage image = ImageIO.read(file.toFile());
            if (image == null) throw new UserInputException("not an image: " + name);
            return image;
        } catch (IOException e) {
            throw new UserInputException("cannot read " + name + ": " + e.getMessage(), e);
        }
    }
}
