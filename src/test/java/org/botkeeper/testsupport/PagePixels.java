package org.botkeeper.testsupport;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import javax.imageio.ImageIO;

/**
 * What a browser's screenshot of a page shows, pixel by pixel: colours and shapes only a browser that
 * applied the page's CSS and laid it out paints, which no plain GET of the HTML can tell.
 */
public final class PagePixels {

	private final BufferedImage image;

	private PagePixels(BufferedImage image) {
		this.image = image;
	}

	public static PagePixels read(Path png) {
		try {
			BufferedImage image = ImageIO.read(png.toFile());
			if (image == null) {
				throw new AssertionError(png + " is not an image");
			}
			return new PagePixels(image);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public int width() {
		return image.getWidth();
	}

	/**
	 * How many pixel rows hold at least {@code minPixels} pixels of exactly {@code rgb} (0xRRGGBB): the
	 * height of a band of background colour, such as a table row's (its text takes some pixels away).
	 */
	public int rowsWith(int rgb, int minPixels) {
		int rows = 0;
		for (int y = 0; y < image.getHeight(); y++) {
			int count = 0;
			for (int x = 0; x < image.getWidth(); x++) {
				if ((image.getRGB(x, y) & 0xFFFFFF) == rgb) {
					count++;
				}
			}
			if (count >= minPixels) {
				rows++;
			}
		}
		return rows;
	}

	/** How many pixels are within {@code tolerance} of {@code rgb} in every channel: text drawn in that colour, say. */
	public long near(int rgb, int tolerance) {
		long count = 0;
		for (int y = 0; y < image.getHeight(); y++) {
			for (int x = 0; x < image.getWidth(); x++) {
				int pixel = image.getRGB(x, y);
				if (Math.abs(((pixel >> 16) & 0xFF) - ((rgb >> 16) & 0xFF)) <= tolerance
						&& Math.abs(((pixel >> 8) & 0xFF) - ((rgb >> 8) & 0xFF)) <= tolerance
						&& Math.abs((pixel & 0xFF) - (rgb & 0xFF)) <= tolerance) {
					count++;
				}
			}
		}
		return count;
	}

}
