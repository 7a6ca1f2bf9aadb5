package org.convlens.analysis;

import java.awt.image.BufferedImage;

/** An image as the user chose it, before any conversion for the model. */
public record InputImage(String name, BufferedImage image) {
}
