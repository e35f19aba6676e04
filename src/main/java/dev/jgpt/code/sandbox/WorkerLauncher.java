package dev.jgpt.code.sandbox;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Builds the command lines that start a worker JVM under a given isolation mode.
 *
 * <p>NAMESPACES / USERNS: {@code unshare} creates fresh network (no interfaces up), PID,
 * mount, IPC and UTS namespaces and forks {@code sh} as PID 1 of the new PID namespace, with
 * {@code --kill-child}: killing {@code unshare} kills that init, and the kernel then kills every
 * process left in the namespace. The init script ({@link #INIT_SCRIPT}) builds a minimal root on
 * a tmpfs (read-only binds of /usr, /etc, the JDK, the worker classes; four device nodes; a
 * private /proc; a size-capped private /tmp owned by the worker uid) and chroots into it.
 * Inside, {@code prlimit} sets rlimits and {@code setpriv} drops to a throw-away uid (NAMESPACES)
 * or just drops every capability (USERNS), with no_new_privs, before exec'ing java.
 * The init itself stays root and outside the chroot so that its parent-death signal survives
 * (it is cleared by a uid change).
 */
final class WorkerLauncher {
    static final String WORKER_MAIN = "dev.jgpt.code.sandbox.worker.Worker";
    private static final String PATH = "/usr/sbin:/usr/bin:/sbin:/bin";
    /** Worker uids: a block of this range, chosen at random per pool, one uid per worker start. */
    static final long UID_BASE = Long.getLong("jgpt.sandbox.uidBase", 1_999_000_000L);
    private static final int UID_BLOCKS = 1000, UID_BLOCK_SIZE = 1024;
    private static final int NPROC = 128;
    private static final long FILE_SIZE = 16L << 20;
    private static final long TMP_SIZE = 64L << 20;

    static final String INIT_SCRIPT = String.join("\n",
            "set -eu",
            "R=$1 CLS=$2 OWNER=$3 JH=$4 TMPSIZE=$5; shift 5",
            "mount -t tmpfs -o size=4m,mode=0755 jgpt-root \"$R\"",
            "robind() { mkdir -p \"$R$2\"; mount --bind \"$1\" \"$R$2\"; mount -o remount,bind,ro,nosuid,nodev \"$R$2\"; }",
            "robind /usr /usr; robind /etc /etc",
            "for l in bin sbin lib lib32 lib64 libx32; do",
            "  if [ -L \"/$l\" ]; then ln -s \"$(readlink \"/$l\")\" \"$R/$l\"; elif [ -d \"/$l\" ]; then robind \"/$l\" \"/$l\"; fi",
            "done",
            "if [ -n \"$JH\" ]; then robind \"$JH\" \"$JH\"; fi",
            "robind \"$CLS\" /sandbox",
            "mkdir \"$R/dev\"",
            "for n in null zero random urandom; do touch \"$R/dev/$n\"; mount --bind \"/dev/$n\" \"$R/dev/$n\"; done",
            "mkdir \"$R/proc\"; mount -t proc -o nosuid,nodev,noexec proc \"$R/proc\"",
            "mkdir \"$R/tmp\"",
            "mount -t tmpfs -o \"size=$TMPSIZE,mode=0700,uid=$OWNER,gid=$OWNER,nosuid,nodev\" jgpt-tmp \"$R/tmp\"",
            "mount -o remount,bind,ro \"$R\"",
            "cd /",
            "chroot \"$R\" \"$@\"");

    private final SandboxConfig config;
    private final Path classesDir;
    private final Path rootMountPoint;
    private final Path baseDir;
    /** Per JVM, so that two pools in one process never hand the same uid to live workers. */
    private static final long uidBlockStart = UID_BASE + (long) ThreadLocalRandom.current().nextInt(UID_BLOCKS) * UID_BLOCK_SIZE;
    private static final AtomicInteger starts = new AtomicInteger();

    WorkerLauncher(SandboxConfig config, Path baseDir, Path classesDir) throws IOException {
        this.config = config;
        this.baseDir = baseDir;
        this.classesDir = classesDir;
        this.rootMountPoint = Files.createDirectories(baseDir.resolve("root"));
    }

    /**
     * A launch: the process builder, in PROCESS mode the host directory it works in, and how
     * many descendants a healthy worker has (namespaces: the init shell and java).
     */
    record Launch(ProcessBuilder builder, Path hostWorkDir, int expectedDescendants) {}

    Launch worker(Isolation mode) throws IOException {
        int n = starts.getAndIncrement();
        if (mode == Isolation.PROCESS) {
            Path work = Files.createDirectories(baseDir.resolve("work-" + n));
            List<String> cmd = new ArrayList<>();
            if (IsolationProbe.isRoot()) {
                // Even without namespaces, generated code never runs as root: drop to a throw-away uid.
                if (findTool("setpriv") == null) throw new IllegalStateException("refusing to run generated code as root: "
                        + "setpriv (util-linux) is needed to drop privileges");
                long uid = uidBlockStart + n % UID_BLOCK_SIZE;
                Files.setPosixFilePermissions(baseDir, PosixFilePermissions.fromString("rwx--x--x"));
                Files.setAttribute(work, "unix:uid", (int) uid);
                Files.setAttribute(work, "unix:gid", (int) uid);
                cmd.addAll(hostLimits(true));
                cmd.addAll(List.of(tool("setpriv"), "--reuid=" + uid, "--regid=" + uid, "--clear-groups",
                        "--no-new-privs", "--bounding-set=-all", "--inh-caps=-all", "--"));
            } else {
                cmd.addAll(hostLimits(false));
            }
            cmd.addAll(javaCommand(work.toString(), classesDir.toString()));
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile());
            cleanEnvironment(pb.environment(), work.toString());
            return new Launch(pb, work, 0);
        }
        long uid = mode == Isolation.NAMESPACES ? uidBlockStart + n % UID_BLOCK_SIZE : 0;
        ProcessBuilder pb = namespaced(mode, uid, javaCommand("/tmp", "/sandbox"));
        return new Launch(pb, null, 2);
    }

    /** The same sandbox around {@code true}: checks that this mode works on this machine. */
    ProcessBuilder probe(Isolation mode) {
        return namespaced(mode, mode == Isolation.NAMESPACES ? uidBlockStart : 0, List.of(tool("true")));
    }

    private ProcessBuilder namespaced(Isolation mode, long uid, List<String> inner) {
        List<String> cmd = new ArrayList<>();
        cmd.add(tool("unshare"));
        if (mode == Isolation.USERNS) cmd.addAll(List.of("--user", "--map-root-user"));
        cmd.addAll(List.of("--net", "--pid", "--fork", "--kill-child", "--mount", "--ipc", "--uts", "--",
                tool("sh"), "-c", INIT_SCRIPT, "jgpt-sandbox-init",
                rootMountPoint.toString(), classesDir.toString(), Long.toString(uid), javaHomeToBind(), Long.toString(TMP_SIZE)));
        cmd.add(tool("prlimit"));
        cmd.addAll(rlimits(true));
        cmd.add("--");
        cmd.add(tool("setpriv"));
        if (mode == Isolation.NAMESPACES) {
            cmd.addAll(List.of("--reuid=" + uid, "--regid=" + uid, "--clear-groups"));
        }
        cmd.addAll(List.of("--no-new-privs", "--bounding-set=-all", "--inh-caps=-all", "--"));
        cmd.addAll(List.of(tool("sh"), "-c", "cd /tmp && exec \"$@\"", "jgpt-sandbox"));
        cmd.addAll(inner);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        cleanEnvironment(pb.environment(), "/tmp");
        return pb;
    }

    private List<String> rlimits(boolean withProcessLimit) {
        long cpuSeconds = Math.max(600, config.samplesPerWorker() * Math.max(1, config.timeoutMs() / 1000) * 2);
        long addressSpace = ((long) config.heapMb() + 2048) << 20;
        List<String> l = new ArrayList<>(List.of("--nofile=512", "--fsize=" + FILE_SIZE, "--core=0",
                "--cpu=" + cpuSeconds, "--as=" + addressSpace));
        if (withProcessLimit) l.add("--nproc=" + NPROC);
        return l;
    }

    /**
     * PROCESS mode: rlimits where prlimit exists. The process limit only with a uid of our own:
     * for the invoking user it would count all of that user's processes.
     */
    private List<String> hostLimits(boolean ownUid) {
        String prlimit = findTool("prlimit");
        if (prlimit == null || !isLinux()) return List.of();
        List<String> l = new ArrayList<>();
        l.add(prlimit);
        l.addAll(rlimits(ownUid));
        l.add("--");
        return l;
    }

    private List<String> javaCommand(String workDir, String classPath) {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + config.heapMb() + "m", "-Xms" + Math.min(config.heapMb(), 256) + "m",
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", // C1 only: javac on small files is fastest so (measured)
                "-XX:MaxMetaspaceSize=256m", "-XX:CompressedClassSpaceSize=128m",
                "-XX:ReservedCodeCacheSize=128m", "-XX:MaxDirectMemorySize=64m",
                "-XX:+ExitOnOutOfMemoryError", "-XX:-UsePerfData", "-XX:ErrorFile=/dev/null",
                // stdout is the verdict channel: the VM's own messages must go to stderr
                "-XX:+DisplayVMOutputToStderr", "-Xlog:disable", "-Xlog:all=warning:stderr",
                "-Dfile.encoding=UTF-8",
                "-Duser.language=en", "-Duser.country=US",
                "-Duser.home=" + workDir, "-Djava.io.tmpdir=" + workDir,
                "-cp", classPath, WORKER_MAIN, workDir));
        // JDK 18-23 need the flag to allow System.setSecurityManager; JDK 24+ refuse to start with it.
        if (config.securityManager() && Runtime.version().feature() < 24) cmd.add(cmd.indexOf("-cp"), "-Djava.security.manager=allow");
        if (!config.securityManager()) cmd.add("--no-security-manager");
        return cmd;
    }

    private static void cleanEnvironment(Map<String, String> env, String home) {
        env.clear(); // nothing of the parent's environment (tokens, paths) reaches the program
        env.put("PATH", PATH);
        env.put("LANG", "C.UTF-8");
        env.put("HOME", home);
        env.put("MALLOC_ARENA_MAX", "2"); // glibc arenas reserve 64 MB each; keeps the address space small
    }

    /** The JDK lies under /usr on most systems; anywhere else it is bound in at the same path. */
    private static String javaHomeToBind() {
        Path home = Path.of(System.getProperty("java.home")).toAbsolutePath().normalize();
        try {
            home = home.toRealPath();
        } catch (IOException ignored) {
            // keep as is
        }
        return home.startsWith("/usr/") ? "" : home.toString();
    }

    static boolean isLinux() { return System.getProperty("os.name", "").toLowerCase().contains("linux"); }

    static String findTool(String name) {
        for (String dir : PATH.split(":")) {
            File f = new File(dir, name);
            if (f.canExecute()) return f.getPath();
        }
        return null;
    }

    private static String tool(String name) {
        String t = findTool(name);
        if (t == null) throw new IllegalStateException("sandbox tool not found: " + name);
        return t;
    }

    static boolean toolsPresent() {
        for (String t : List.of("unshare", "setpriv", "prlimit", "chroot", "mount", "sh", "true")) {
            if (findTool(t) == null) return false;
        }
        return true;
    }
}
