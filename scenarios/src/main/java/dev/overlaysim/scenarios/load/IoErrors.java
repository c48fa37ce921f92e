package dev.overlaysim.scenarios.load;

import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * What went wrong with a file, in the words {@code strerror(3)} uses ("No space left on device",
 * "Not a directory"), for messages of the form {@code cannot write PATH: REASON}. The one place
 * that turns Java's I/O exceptions into that reason: the caller's message already names the path,
 * and Java's own messages either repeat it ({@code FileSystemException}) or are only the path
 * ({@code NoSuchFileException}).
 */
public final class IoErrors {
    private IoErrors() {}

    /** The reason, without the path: e.g. {@code No space left on device}. */
    public static String describe(Throwable e) {
        Throwable t = e instanceof UncheckedIOException u && u.getCause() != null ? u.getCause() : e;
        if (t instanceof FileSystemException fse) {
            if (fse.getReason() != null) return fse.getReason();
            // The subclasses Java throws without a reason: the errno each stands for.
            if (t instanceof NoSuchFileException) return "No such file or directory";
            if (t instanceof AccessDeniedException) return "Permission denied";
            if (t instanceof NotDirectoryException) return "Not a directory";
            if (t instanceof FileAlreadyExistsException) return "File exists";
            if (t instanceof DirectoryNotEmptyException) return "Directory not empty";
            return "I/O error";
        }
        return t.getMessage() == null || t.getMessage().isBlank() ? "I/O error (" + t.getClass().getSimpleName() + ")" : t.getMessage();
    }
}
