package dev.jgpt.model.io;

import dev.jgpt.util.UserException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.*;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Replaces a checkpoint directory as a whole, so a crash mid-save never leaves a
 * {@code model.safetensors} that disagrees with its {@code config.json}.
 *
 * <p>Design. A save of {@code ckpt/} goes through two hidden siblings:
 * <ol>
 *   <li>everything is written into {@code .ckpt.next/} and forced to disk; files of the old
 *       checkpoint that this save does not manage (tokenizer files, notes) are hard-linked
 *       (or copied) in, so they survive;</li>
 *   <li>{@code ckpt/} is renamed to {@code .ckpt.prev/} (POSIX cannot rename a directory
 *       over a non-empty one, so there is no single-step swap);</li>
 *   <li>{@code .ckpt.next/} is renamed to {@code ckpt/};</li>
 *   <li>{@code .ckpt.prev/} is deleted.</li>
 * </ol>
 * A crash in step 1 leaves the old {@code ckpt/} untouched (the partial {@code .next} is
 * deleted by the next save). The only window without {@code ckpt/} is between steps 2 and
 * 3; there {@code .prev} exists, which proves {@code .next} was complete, and
 * {@link #recover} rolls forward by renaming it into place. Loads call {@link #recover}
 * when the directory is missing. On a first save there is no old directory and so no
 * {@code .prev}: a crash before the last rename leaves no checkpoint, never a torn one.
 * Two processes saving the same directory at once are not supported. An exception (rather
 * than a crash) during the save restores the old state.
 */
public final class DirectorySwap {
    private DirectorySwap() {}

    @FunctionalInterface
    public interface DirWriter { void writeInto(Path stagingDir) throws IOException; }

    /** Test hook: runs between steps 2 and 3, so tests can fail the save at its most delicate point. */
    static Runnable betweenRenames = () -> {};

    /**
     * Writes a new version of {@code dir} via {@code writer} and swaps it in. Entries of the
     * old directory named in {@code managed}, or already written by {@code writer}, are not
     * carried over. Checkpoints are flat folders, so an existing directory that has
     * subdirectories but no {@code marker} file is refused: a mistyped output path such as
     * the project root must not be swapped out from under the user. (A flat folder without
     * the marker is accepted: e.g. tokenizer files written before the first save.)
     */
    public static void replace(Path dir, Set<String> managed, String marker, DirWriter writer) throws IOException {
        Path target = dir.toAbsolutePath().normalize();
        Files.createDirectories(target.getParent());
        recover(target);
        if (Files.isDirectory(target) && !Files.exists(target.resolve(marker)) && hasSubdirectory(target))
            throw new UserException("refusing to save a checkpoint into " + dir + ": it has subdirectories and no "
                    + marker + ", so it does not look like a checkpoint directory");
        if (Files.exists(target) && !Files.isDirectory(target))
            throw new UserException("cannot save a checkpoint to " + dir + ": it is a file, not a directory");
        Path next = sibling(target, "next"), prev = sibling(target, "prev");
        deleteTree(next); // a partial save left by a crash
        deleteTree(prev); // a finished save whose cleanup was cut short
        Files.createDirectory(next);
        boolean movedOld = false;
        try {
            writer.writeInto(next);
            if (Files.isDirectory(target)) carryOver(target, next, managed);
            syncTree(next);
            if (Files.exists(target)) {
                Files.move(target, prev, StandardCopyOption.ATOMIC_MOVE);
                movedOld = true;
            }
            betweenRenames.run();
            Files.move(next, target, StandardCopyOption.ATOMIC_MOVE);
            syncDir(target.getParent());
        } catch (Throwable t) {
            // Still running, so not a crash: put the old checkpoint back and drop the partial one.
            try {
                if (movedOld && !Files.exists(target)) Files.move(prev, target, StandardCopyOption.ATOMIC_MOVE);
                deleteTree(next);
            } catch (IOException cleanup) {
                t.addSuppressed(cleanup);
            }
            throw t;
        }
        try {
            deleteTree(prev);
        } catch (IOException ignored) {
            // The new checkpoint is in place; a leftover .prev is removed by the next save.
        }
    }

    /** Completes a save that crashed between its two renames (see class comment); else does nothing. */
    public static void recover(Path dir) throws IOException {
        Path target = dir.toAbsolutePath().normalize();
        Path next = sibling(target, "next"), prev = sibling(target, "prev");
        if (Files.exists(target) || !Files.isDirectory(prev)) return;
        Files.move(Files.isDirectory(next) ? next : prev, target, StandardCopyOption.ATOMIC_MOVE);
        syncDir(target.getParent());
    }

    static Path sibling(Path target, String suffix) {
        return target.resolveSibling("." + target.getFileName() + "." + suffix);
    }

    /** Hard-links (falling back to copying) old entries the new save did not write. */
    private static void carryOver(Path from, Path to, Set<String> managed) throws IOException {
        try (Stream<Path> entries = Files.list(from)) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                String name = p.getFileName().toString();
                if (managed.contains(name) || Files.exists(to.resolve(name), LinkOption.NOFOLLOW_LINKS)) continue;
                if (name.startsWith(".") && name.endsWith(".tmp")) continue; // AtomicFiles leftovers
                linkTree(p, to.resolve(name));
            }
        }
    }

    private static void linkTree(Path src, Path dst) throws IOException {
        Files.walkFileTree(src, new SimpleFileVisitor<>() {
            @Override public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) throws IOException {
                Files.createDirectories(dst.resolve(src.relativize(d).toString()));
                return FileVisitResult.CONTINUE;
            }
            @Override public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
                Path out = dst.resolve(src.relativize(f).toString());
                try {
                    Files.createLink(out, f);
                } catch (UnsupportedOperationException | IOException e) {
                    Files.copy(f, out, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static boolean hasSubdirectory(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) { return s.anyMatch(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)); }
    }

    /** Forces file contents and directory entries, so the renames never expose unwritten data. */
    private static void syncTree(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) { ch.force(true); }
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) syncDir(p);
            }
        }
    }

    private static void syncDir(Path d) {
        try (FileChannel ch = FileChannel.open(d, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Some platforms (Windows) cannot open directories; file-level fsync is the best we can do.
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) return;
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) Files.deleteIfExists(p);
        }
    }
}
