package dev.jgpt.code.sandbox.worker;

import java.io.*;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;
import java.util.Properties;
import java.util.TimeZone;

/**
 * The warm worker: a JVM, started by the parent inside the OS sandbox, that compiles and runs
 * one program after another so that throughput does not pay a JVM start per sample.
 *
 * <p>Usage: {@code Worker WORKDIR [--no-security-manager]}. WORKDIR is the sample directory;
 * it is emptied before every sample. Requests arrive on stdin and verdicts leave on stdout
 * (see {@link Protocol}); the program's own System.out/err are captured, and its System.in is
 * empty. The worker exits when stdin closes (the parent went away) and halts itself after any
 * verdict that asks for recycling, so a bad state never serves the next sample.
 */
public final class Worker {
    private Worker() {}

    static final String LEFT_PROCESSES = "left processes running after main returned (they were killed)";

    public static void main(String[] args) throws Exception {
        Path workDir = Path.of(args[0]).toAbsolutePath().normalize();
        boolean wantSecurityManager = !(args.length > 1 && args[1].equals("--no-security-manager"));
        DataInputStream in = new DataInputStream(new BufferedInputStream(new FileInputStream(FileDescriptor.in)));
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out)));

        CapturedOutput captured = new CapturedOutput();
        PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        System.setIn(InputStream.nullInputStream());

        InMemoryCompiler compiler = new InMemoryCompiler();
        compiler.compile("class Warmup { public static void main(String[] a) { } }"); // javac's first run is the slow one
        Properties properties = (Properties) System.getProperties().clone();
        Locale locale = Locale.getDefault();
        TimeZone zone = TimeZone.getDefault();
        SandboxSecurity security = wantSecurityManager ? SandboxSecurity.install(workDir) : null;
        SampleRunner runner = new SampleRunner(security, captured);

        Protocol.writeHeader(out, Protocol.HELLO);
        out.writeBoolean(security != null);
        Protocol.writeString(out, "java " + System.getProperty("java.version") + ", uid " + uid() + ", workdir " + workDir);
        out.flush();

        while (true) {
            int type;
            try {
                type = Protocol.readHeader(in);
            } catch (EOFException parentGone) {
                Runtime.getRuntime().halt(0);
                return;
            }
            if (type != Protocol.RUN) throw new IOException("unexpected request type " + type);
            long id = in.readLong();
            int timeoutMs = in.readInt();
            long outputLimit = in.readLong();
            int outputStore = in.readInt();
            String mainClass = Protocol.readString(in, 1 << 10);
            String source = Protocol.readString(in, 64 << 20);

            boolean clean = emptyDirectory(workDir);
            captured.reset(outputLimit, outputStore);
            long t0 = System.nanoTime();
            InMemoryCompiler.Result compiled;
            boolean compilerCrashed = false;
            try {
                compiled = compiler.compile(source);
            } catch (RuntimeException | StackOverflowError e) { // javac itself failed on this source
                compiled = new InMemoryCompiler.Result(java.util.Map.of(), "the compiler failed: " + e);
                compilerCrashed = true;
            }
            long compileMs = (System.nanoTime() - t0) / 1_000_000L;
            SampleRunner.Verdict v;
            if (!compiled.ok()) {
                v = new SampleRunner.Verdict(Protocol.COMPILE_ERROR, compiled.errors(), 0, compilerCrashed);
            } else {
                Protocol.writeHeader(out, Protocol.COMPILED);
                out.writeLong(id);
                out.writeLong(compileMs);
                out.flush();
                v = runner.run(compiled.classes(), mainClass, timeoutMs);
            }
            if (!killChildren()) {
                clean = false;
                if (v.outcome().equals(Protocol.PASSED)) v = new SampleRunner.Verdict(Protocol.RUNTIME_ERROR,
                        LEFT_PROCESSES, v.runMs(), true);
            }
            if (security == null) restoreGlobals(properties, locale, zone); // under the manager they cannot change
            clean &= emptyDirectory(workDir);

            Protocol.writeHeader(out, Protocol.RESULT);
            out.writeLong(id);
            Protocol.writeString(out, v.outcome());
            Protocol.writeString(out, v.message());
            out.writeLong(compileMs);
            out.writeLong(v.runMs());
            Protocol.writeString(out, captured.text());
            out.writeBoolean(v.recycle() || !clean);
            out.flush();
            if (v.recycle() || !clean) Runtime.getRuntime().halt(0);
        }
    }

    private static void restoreGlobals(Properties properties, Locale locale, TimeZone zone) {
        System.setProperties((Properties) properties.clone());
        Locale.setDefault(locale);
        TimeZone.setDefault(zone);
    }

    /** Kills processes the program started; false if there were any (the worker is then replaced). */
    private static boolean killChildren() {
        boolean none = true;
        for (ProcessHandle p : (Iterable<ProcessHandle>) ProcessHandle.current().descendants()::iterator) {
            p.destroyForcibly();
            none = false;
        }
        return none;
    }

    /** Deletes everything inside {@code dir}; false if something could not be removed. */
    static boolean emptyDirectory(Path dir) {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                    d.toFile().setWritable(true, true);
                    d.toFile().setExecutable(true, true);
                    d.toFile().setReadable(true, true);
                    return FileVisitResult.CONTINUE;
                }

                @Override public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                    Files.delete(f);
                    return FileVisitResult.CONTINUE;
                }

                @Override public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    if (!d.equals(dir)) Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String uid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) return line.substring(4).trim().split("\\s+")[0];
            }
        } catch (IOException | SecurityException ignored) {
            // not Linux
        }
        return System.getProperty("user.name");
    }
}
