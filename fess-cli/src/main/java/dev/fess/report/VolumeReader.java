package dev.fess.report;

import dev.fess.volume.Volume;
import java.io.IOException;
import java.nio.file.Path;

/** Reads an image or mask for the qualitative figure ({@code dev.fess.nifti.Nifti::readVolume} in fess). */
@FunctionalInterface
public interface VolumeReader {
    Volume read(Path file) throws IOException;
}
