package dev.jgpt.code.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** Hostile and ordinary programs for the sandbox tests, and checks that nothing escaped. */
final class Hostile {
    private Hostile() {}

    /** Marker in the command lines of processes that programs start, so leftovers can be found. */
    static final String SLEEP_MARKER = "4242";
    static final Path ESCAPE_FILE = Path.of("/tmp/jgpt-escape-test");

    record Case(String name, String source, Set<Outcome> allowed, String messagePart) {
        Job job() { return new Job(source); }
    }

    static String main(String body) {
        return "import java.util.*; import java.io.*; import java.nio.file.*; import java.net.*;\n"
                + "class Main { public static void main(String[] args) throws Exception {\n" + body + "\n} }\n";
    }

    static Case ok(String name) {
        return new Case(name, main("int s = 0; for (int i = 0; i < 10; i++) s += i; if (s != 45) throw new Exception(\"bad\");"
                + " System.out.println(\"sum \" + s);"), Set.of(Outcome.PASSED), "");
    }

    /** Cases whose outcome does not depend on which layer stops them. */
    static List<Case> common(int hostPort, Path hostSecret, Path projectFile) {
        List<Case> l = new ArrayList<>();
        l.add(ok("ok-1"));
        l.add(new Case("test failure", main("if (1 + 1 != 3) throw new java.lang.Exception(\"Exception -- test case 0 did not pass.\");"),
                Set.of(Outcome.FAILED), "test case 0"));
        l.add(new Case("assertion failure", main("throw new AssertionError(\"nope\");"), Set.of(Outcome.FAILED), "nope"));
        l.add(new Case("compile error", main("int x = ;"), Set.of(Outcome.COMPILE_ERROR), "line"));
        l.add(new Case("crash", main("int[] a = new int[1]; a[2] = 1;"), Set.of(Outcome.RUNTIME_ERROR), "ArrayIndexOutOfBounds"));
        l.add(new Case("infinite loop", main("long x = 0; while (true) x++;"), Set.of(Outcome.TIMEOUT), ""));
        l.add(ok("ok-2"));
        l.add(new Case("unbounded allocation", main("List<long[]> hog = new ArrayList<>(); while (true) hog.add(new long[1 << 20]);"),
                Set.of(Outcome.RUNTIME_ERROR), "memory"));
        l.add(new Case("System.exit(0) before the tests",
                main("if (Solution.f() != 2) throw new Exception(\"test case 0 did not pass\");")
                        + "class Solution { static int f() { System.exit(0); return 1; } }\n",
                Set.of(Outcome.RUNTIME_ERROR), "exit"));
        l.add(new Case("socket to a host port", main("new Socket(\"127.0.0.1\", " + hostPort + ").close();"),
                Set.of(Outcome.RUNTIME_ERROR), ""));
        l.add(new Case("socket to the internet", main("Socket s = new Socket(); s.connect(new InetSocketAddress(\"1.1.1.1\", 80), 1000); s.close();"),
                Set.of(Outcome.RUNTIME_ERROR), ""));
        l.add(new Case("read a host file", main("System.out.println(\"LEAK \" + Files.readString(Path.of(\"" + hostSecret + "\")));"),
                Set.of(Outcome.RUNTIME_ERROR), ""));
        l.add(new Case("list /root", main("try (var s = Files.list(Path.of(\"/root\"))) { s.forEach(p -> System.out.println(\"LEAK \" + p)); }"),
                Set.of(Outcome.RUNTIME_ERROR), ""));
        l.add(new Case("write into the project", main("Files.writeString(Path.of(\"" + projectFile + "\"), \"escaped\");"),
                Set.of(Outcome.RUNTIME_ERROR), ""));
        // Inside the namespace sandbox /tmp is the program's own private directory, so this may "pass";
        // what matters is that the host's /tmp never sees the file.
        l.add(new Case("write /tmp/jgpt-escape-test", main("Files.writeString(Path.of(\"" + ESCAPE_FILE + "\"), \"escaped\");"),
                Set.of(Outcome.PASSED, Outcome.RUNTIME_ERROR), ""));
        l.add(new Case("print gigabytes", main("String s = \"x\".repeat(1 << 16); while (true) System.out.println(s);"),
                Set.of(Outcome.RUNTIME_ERROR), "printed more than"));
        l.add(new Case("non-daemon thread never ends",
                main("new Thread(() -> { while (true) { try { Thread.sleep(50); } catch (InterruptedException e) { } } }).start();"),
                Set.of(Outcome.TIMEOUT), "non-daemon"));
        l.add(new Case("spawn a process", main("new ProcessBuilder(\"sleep\", \"" + SLEEP_MARKER + "\").start();"),
                Set.of(Outcome.RUNTIME_ERROR), ""));
        l.add(ok("ok-3"));
        return l;
    }

    /**
     * Leaves an orphaned sleep behind and returns normally. {@code sh} shrugs off a fork that fails
     * ({@code ; true} still exits 0), which would pass as "no orphan left"; so the program makes
     * sure its orphan exists, retrying a failed fork, and otherwise fails with a message that says so.
     */
    private static final String DOUBLE_FORK = "for (int i = 0; i < 20; i++) {"
            + " new ProcessBuilder(\"sh\", \"-c\", \"(sleep " + SLEEP_MARKER + " &) ; true\").start().waitFor();"
            + " if (ProcessHandle.allProcesses().anyMatch(p -> p.info().commandLine().orElse(\"\").contains(\"sleep " + SLEEP_MARKER + "\"))) return;"
            + " Thread.sleep(100); }"
            + " throw new Exception(\"could not leave an orphan behind\");";

    /** Process and thread bombs: only where a process limit contains them (namespaces) or the JVM layer refuses exec. */
    static List<Case> bombs() {
        return List.of(
                new Case("fork bomb", main("List<Process> ps = new ArrayList<>(); while (true) ps.add(new ProcessBuilder(\"sleep\", \""
                        + SLEEP_MARKER + "\").start());"), Set.of(Outcome.RUNTIME_ERROR, Outcome.TIMEOUT), ""),
                new Case("double-fork orphans", main(DOUBLE_FORK), Set.of(Outcome.RUNTIME_ERROR), ""),
                new Case("thread bomb", main("while (true) { Thread t = new Thread(() -> { try { Thread.sleep(600_000); } catch (InterruptedException e) { } });"
                        + " t.setDaemon(true); t.start(); }"), Set.of(Outcome.RUNTIME_ERROR, Outcome.TIMEOUT), ""),
                ok("ok-after-bombs"));
    }

    /** Pids of processes that programs left behind: marked sleeps, or anything run by a sandbox uid. */
    static List<String> leftovers() throws IOException {
        List<String> found = new ArrayList<>();
        long uidLo = WorkerLauncher.UID_BASE, uidHi = uidLo + 1_024_000;
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) procs::iterator) {
                if (!p.getFileName().toString().chars().allMatch(Character::isDigit)) continue;
                try {
                    String cmd = new String(Files.readAllBytes(p.resolve("cmdline"))).replace('\0', ' ');
                    long uid = -1;
                    for (String line : Files.readAllLines(p.resolve("status"))) {
                        if (line.startsWith("Uid:")) uid = Long.parseLong(line.substring(4).trim().split("\\s+")[0]);
                    }
                    if (cmd.contains("sleep " + SLEEP_MARKER) || (uid >= uidLo && uid < uidHi)) found.add(p.getFileName() + ": " + cmd);
                } catch (IOException | RuntimeException gone) {
                    // exited while we looked
                }
            }
        }
        return found;
    }

    /** Polls until no leftovers remain (kills are asynchronous), returning what is still there. */
    static List<String> awaitNoLeftovers() throws Exception {
        List<String> l = leftovers();
        for (int i = 0; i < 50 && !l.isEmpty(); i++) {
            Thread.sleep(100);
            l = leftovers();
        }
        return l;
    }
}
