package dev.jgpt.code.sandbox.worker;

import javax.tools.*;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.*;

/**
 * Compiles one source file with the JDK's javac, in memory: no files are written, and the
 * standard file manager (with its cached view of the platform classes) is reused across
 * samples, which is what makes a warm worker fast. The class path is empty, so a program
 * sees only the JDK, never the worker's own classes.
 */
final class InMemoryCompiler {
    record Result(Map<String, byte[]> classes, String errors) {
        boolean ok() { return errors == null; }
    }

    private static final List<String> OPTIONS = List.of(
            "-proc:none", "-implicit:none", "-nowarn", "-Xlint:none", "-encoding", "UTF-8", "-Xmaxerrs", "10");
    private static final int MAX_ERROR_CHARS = 4000;

    private final JavaCompiler javac;
    private final StandardJavaFileManager standard;

    InMemoryCompiler() {
        javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) throw new IllegalStateException("no system Java compiler: the worker must run on a JDK");
        standard = javac.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8);
        try {
            standard.setLocation(StandardLocation.CLASS_PATH, List.of());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    Result compile(String source) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        DiagnosticCollector<JavaFileObject> diags = new DiagnosticCollector<>();
        StringWriter log = new StringWriter();
        Boolean ok = javac.getTask(log, new MemoryFileManager(standard, out), diags, OPTIONS, null,
                List.of(new Source(source))).call();
        if (Boolean.TRUE.equals(ok)) return new Result(out, null);
        StringBuilder sb = new StringBuilder();
        for (Diagnostic<? extends JavaFileObject> d : diags.getDiagnostics()) {
            if (d.getKind() != Diagnostic.Kind.ERROR) continue;
            sb.append("line ").append(d.getLineNumber()).append(": ").append(d.getMessage(Locale.ROOT)).append('\n');
            if (sb.length() > MAX_ERROR_CHARS) break;
        }
        if (sb.length() == 0) sb.append(log);
        String text = sb.toString().strip();
        return new Result(Map.of(), text.length() > MAX_ERROR_CHARS ? text.substring(0, MAX_ERROR_CHARS) + "..." : text);
    }

    /** The program as one file. Any public class name is accepted, so Main.java is not forced. */
    private static final class Source extends SimpleJavaFileObject {
        private final String text;

        Source(String text) {
            super(URI.create("string:///Main.java"), Kind.SOURCE);
            this.text = text;
        }

        @Override public CharSequence getCharContent(boolean ignoreEncodingErrors) { return text; }

        @Override public boolean isNameCompatible(String simpleName, Kind kind) { return kind == Kind.SOURCE; }
    }

    /** Sends class files to a map instead of the disk. */
    private static final class MemoryFileManager extends ForwardingJavaFileManager<StandardJavaFileManager> {
        private final Map<String, byte[]> out;

        MemoryFileManager(StandardJavaFileManager fm, Map<String, byte[]> out) {
            super(fm);
            this.out = out;
        }

        @Override
        public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
                                                   FileObject sibling) {
            return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/') + kind.extension), kind) {
                @Override public OutputStream openOutputStream() {
                    return new ByteArrayOutputStream() {
                        @Override public void close() { out.put(className, toByteArray()); }
                    };
                }
            };
        }

        // The shared standard manager must survive this task; javac closes its file manager.
        @Override public void close() {}
    }
}
