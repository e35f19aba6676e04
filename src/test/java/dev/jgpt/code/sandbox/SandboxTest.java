package dev.jgpt.code.sandbox;

import org.junit.jupiter.api.*;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Hostile programs, each contained and reported with the right outcome while the run goes on.
 * Every layer combination that this machine supports is exercised: all layers together
 * (auto isolation + SecurityManager), the OS layers alone (no SecurityManager), and the JVM
 * layer alone (process mode). Tests that need namespaces skip, with the reason, where
 * they are unavailable (not Linux, no util-linux tools, no root and no user namespaces).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SandboxTest {
    private static final SandboxConfig BASE = SandboxConfig.defaults().withWorkers(2).withTimeoutMs(3000)
            .withHeapMb(128);

    private ServerSocket hostServer;
    private Path hostSecret;
    private Path projectFile;

    @BeforeAll void setUp() throws IOException {
        Files.deleteIfExists(Hostile.ESCAPE_FILE);
        hostServer = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        hostServer.setSoTimeout(1);
        hostSecret = Files.createTempFile("jgpt-secret-", ".txt");
        Files.writeString(hostSecret, "TOP-SECRET");
        projectFile = Path.of("target", "jgpt-escape-" + ProcessHandle.current().pid() + ".txt").toAbsolutePath();
    }

    @AfterAll void tearDown() throws IOException {
        hostServer.close();
        Files.deleteIfExists(hostSecret);
        Files.deleteIfExists(projectFile);
    }

    @Test void allLayersTogether() throws Exception {
        List<String> warnings = new ArrayList<>();
        try (SandboxPool pool = new SandboxPool(BASE, warnings::add)) {
            List<Hostile.Case> cases = new ArrayList<>(Hostile.common(hostServer.getLocalPort(), hostSecret, projectFile));
            if (pool.isolation() != Isolation.PROCESS) cases.addAll(Hostile.bombs());
            runAndCheck(pool, cases);
            if (pool.isolation() == Isolation.PROCESS) System.err.println("note: OS layers unavailable here: " + warnings);
        }
        assertContained();
    }

    @Test void osLayersAloneWithoutSecurityManager() throws Exception {
        SandboxPool pool = openOrSkip(BASE.withSecurityManager(false));
        try (pool) {
            assertNotEquals(Boolean.TRUE, pool.securityManagerActive());
            List<Hostile.Case> cases = new ArrayList<>(Hostile.common(hostServer.getLocalPort(), hostSecret, projectFile));
            cases.addAll(Hostile.bombs());
            runAndCheck(pool, cases);
            assertEquals(Boolean.FALSE, pool.securityManagerActive());
        }
        assertContained();
    }

    @Test void jvmLayerAloneInProcessModeWarnsLoudly() throws Exception {
        List<String> warnings = new ArrayList<>();
        try (SandboxPool pool = new SandboxPool(BASE.withIsolation(Isolation.PROCESS), warnings::add)) {
            assertEquals(Isolation.PROCESS, pool.isolation());
            assertTrue(String.join("\n", warnings).contains("NO OS-LEVEL ISOLATION"), warnings.toString());
            ExecResult first = pool.execute(Hostile.ok("warm").job());
            Assumptions.assumeTrue(Boolean.TRUE.equals(pool.securityManagerActive()),
                    "this JDK has no SecurityManager: process mode has no containment to test");
            assertEquals(Outcome.PASSED, first.outcome(), first.message());
            // Only what the JVM layer can stop without OS help: no bombs here (no process limit in this mode).
            runAndCheck(pool, Hostile.common(hostServer.getLocalPort(), hostSecret, projectFile));
        }
        assertContained();
    }

    @Test void userNamespaceModeWithoutRoot() throws Exception {
        SandboxPool pool;
        try {
            pool = new SandboxPool(BASE.withSecurityManager(false).withIsolation(Isolation.USERNS), w -> { });
        } catch (IllegalStateException notHere) {
            Assumptions.abort(notHere.getMessage());
            return;
        }
        try (pool) {
            List<Hostile.Case> cases = new ArrayList<>(Hostile.bombs());
            cases.addAll(Hostile.common(hostServer.getLocalPort(), hostSecret, projectFile).subList(0, 12));
            runAndCheck(pool, cases);
        }
        assertContained();
    }

    @Test void generatedCodeNeverRunsAsRoot() {
        String printUid = Hostile.main("for (String l : Files.readAllLines(Path.of(\"/proc/self/status\")))"
                + " if (l.startsWith(\"Uid:\")) System.out.println(l.split(\"\\\\s+\")[1]);");
        Assumptions.assumeTrue(IsolationProbe.isRoot(), "not running as root");
        for (Isolation mode : List.of(Isolation.PROCESS, Isolation.NAMESPACES)) {
            try (SandboxPool pool = new SandboxPool(BASE.withWorkers(1).withIsolation(mode).withSecurityManager(false), w -> { })) {
                ExecResult r = pool.execute(new Job(printUid));
                assertEquals(Outcome.PASSED, r.outcome(), r.message());
                assertNotEquals("0", r.output().strip(), mode + " ran the program as root");
            } catch (IllegalStateException notHere) {
                System.err.println("note: " + notHere.getMessage());
            }
        }
    }

    @Test void capturesOutputAndClassifies() {
        try (SandboxPool pool = new SandboxPool(BASE.withWorkers(1), w -> { })) {
            ExecResult r = pool.execute(new Job(Hostile.main("System.out.println(\"hello\"); System.err.println(\"world\");")));
            assertEquals(Outcome.PASSED, r.outcome(), r.message());
            assertEquals("hello\nworld\n", r.output());
            // a public class of any name compiles (HumanEval-X tests declare "public class Main")
            ExecResult pub = pool.execute(new Job("public class Helper { }\nclass Main { public static void main(String[] a) { } }"));
            assertEquals(Outcome.PASSED, pub.outcome(), pub.message());
            ExecResult noMain = pool.execute(new Job("class Other { }"));
            assertEquals(Outcome.COMPILE_ERROR, noMain.outcome());
            // static state does not leak from one sample to the next (fresh class loader)
            String counter = "class Main { static int n; public static void main(String[] a) throws Exception { if (++n != 1) throw new Exception(\"n=\" + n); } }";
            assertEquals(Outcome.PASSED, pool.execute(new Job(counter)).outcome());
            assertEquals(Outcome.PASSED, pool.execute(new Job(counter)).outcome());
        }
    }

    @Test void workLeftRunningNeverReachesTheNextSample() {
        String ghostLoop = "while (true) { System.out.println(\"GHOST\"); try { Thread.sleep(5); } catch (InterruptedException e) { } }";
        List<String> leavers = List.of(
                Hostile.main("Thread t = new Thread(() -> { " + ghostLoop + " }); t.setDaemon(true); t.start(); Thread.sleep(50);"),
                Hostile.main("java.util.concurrent.ForkJoinPool.commonPool().execute(() -> { " + ghostLoop + " }); Thread.sleep(50);"));
        try (SandboxPool pool = new SandboxPool(BASE.withWorkers(1), w -> { })) {
            for (String leaver : leavers) {
                ExecResult first = pool.execute(new Job(leaver));
                assertEquals(Outcome.PASSED, first.outcome(), first.message()); // like `java Main`: daemon work does not block exit
                ExecResult next = pool.execute(new Job(Hostile.main("Thread.sleep(100); System.out.println(\"clean\");")));
                assertEquals("clean\n", next.output(), "output of the previous sample leaked into the next");
            }
        }
    }

    private SandboxPool openOrSkip(SandboxConfig cfg) {
        for (Isolation mode : List.of(Isolation.NAMESPACES, Isolation.USERNS)) {
            try {
                return new SandboxPool(cfg.withIsolation(mode), w -> { });
            } catch (IllegalStateException notHere) {
                System.err.println("note: " + notHere.getMessage());
            }
        }
        Assumptions.abort("no OS-level isolation available on this machine (needs Linux + util-linux, and root or user namespaces)");
        return null;
    }

    private void runAndCheck(SandboxPool pool, List<Hostile.Case> cases) throws IOException {
        List<ExecResult> results = pool.executeAll(cases.stream().map(Hostile.Case::job).toList(), r -> { });
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            Hostile.Case c = cases.get(i);
            ExecResult r = results.get(i);
            String line = c.name() + " -> " + r.outcome().id() + ": " + r.message().lines().findFirst().orElse("");
            System.err.println("  [" + pool.isolation() + (Boolean.TRUE.equals(pool.securityManagerActive()) ? "+SM" : "") + "] " + line);
            if (!c.allowed().contains(r.outcome())) problems.add("expected " + c.allowed() + ": " + line);
            else if (!r.message().contains(c.messagePart())) problems.add("expected message containing '" + c.messagePart() + "': " + line);
            if (r.output().contains("LEAK") || r.output().contains("TOP-SECRET")) problems.add("leaked host data: " + c.name() + ": " + r.output());
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        try {
            hostServer.accept().close();
            fail("a program connected to a host port");
        } catch (SocketTimeoutException expected) {
            // nobody came
        }
    }

    private void assertContained() throws Exception {
        assertFalse(Files.exists(Hostile.ESCAPE_FILE), "a program wrote " + Hostile.ESCAPE_FILE + " on the host");
        assertFalse(Files.exists(projectFile), "a program wrote into the project directory");
        List<String> left = Hostile.awaitNoLeftovers();
        assertTrue(left.isEmpty(), "processes survived the sandbox: " + left);
    }
}
