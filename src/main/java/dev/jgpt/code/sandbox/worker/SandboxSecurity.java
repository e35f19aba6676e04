package dev.jgpt.code.sandbox.worker;

import java.io.FilePermission;
import java.nio.file.Path;
import java.security.*;
import java.util.PropertyPermission;

/**
 * The in-JVM layer: a SecurityManager under which the sample's classes hold only a few
 * permissions (read system properties, read and write inside the sample's directory), while
 * the worker and the JDK keep all of theirs. It blocks System.exit, process creation, sockets,
 * file access elsewhere, reflection into the worker, changing System.in/out/err and raw
 * stdin/stdout descriptors (the worker's channel to the parent).
 *
 * <p>This is one layer among several, and the weakest: the SecurityManager is deprecated
 * (JEP 411) and gone in recent JDKs, so the OS layers outside the JVM must hold on their own.
 */
final class SandboxSecurity extends SecurityManager {
    /**
     * Needed to touch threads outside the sample's group. The sample holds "modifyThread"
     * (executors check it on shutdown) but not this one, while the JDK's own privileged thread
     * factories (the common ForkJoinPool) do hold it.
     */
    private static final Permission FOREIGN_THREADS = new RuntimePermission("modifyThreadGroup");

    private final ProtectionDomain sampleDomain;
    private volatile ThreadGroup sampleGroup;
    private volatile Integer exitStatus;

    private SandboxSecurity(Path workDir) {
        Permissions perms = new Permissions();
        perms.add(new PropertyPermission("*", "read"));
        perms.add(new RuntimePermission("accessDeclaredMembers"));
        perms.add(new RuntimePermission("modifyThread")); // its own threads only, see checkAccess
        perms.add(new FilePermission(workDir.toString(), "read"));
        perms.add(new FilePermission(workDir + "/-", "read,write,delete"));
        perms.setReadOnly();
        // Two-argument constructor: static permissions, the Policy is never consulted for it.
        sampleDomain = new ProtectionDomain(new CodeSource(null, (java.security.cert.Certificate[]) null), perms);
    }

    /**
     * Installs the manager and a policy that grants everything to code that is not the
     * sample's. Returns null when this JDK no longer allows a SecurityManager.
     */
    static SandboxSecurity install(Path workDir) {
        try {
            Policy.setPolicy(new TrustedCodePolicy());
            SandboxSecurity sm = new SandboxSecurity(workDir);
            System.setSecurityManager(sm);
            return sm;
        } catch (UnsupportedOperationException | SecurityException e) {
            return null;
        }
    }

    ProtectionDomain sampleDomain() { return sampleDomain; }

    /** Starts accounting for a new sample whose threads live in {@code group}. */
    void beginSample(ThreadGroup group) {
        sampleGroup = group;
        exitStatus = null;
    }

    /** The status passed to System.exit by the current sample, or null if it never tried. */
    Integer exitStatus() { return exitStatus; }

    @Override public void checkExit(int status) {
        try {
            super.checkExit(status);
        } catch (SecurityException e) {
            exitStatus = status;
            throw new SecurityException("System.exit(" + status + ") is not allowed in the sandbox");
        }
    }

    // The default only guards the root thread group; a sample may touch its own threads only.
    @Override public void checkAccess(Thread t) {
        ThreadGroup g = sampleGroup, target = t.getThreadGroup(); // null once the thread has ended
        if (target != null && (g == null || !g.parentOf(target))) checkPermission(FOREIGN_THREADS);
    }

    @Override public void checkAccess(ThreadGroup tg) {
        ThreadGroup g = sampleGroup;
        if (g == null || !g.parentOf(tg)) checkPermission(FOREIGN_THREADS);
    }

    /** Everything for everyone: only the sample's static domain is restricted. */
    private static final class TrustedCodePolicy extends Policy {
        @Override public boolean implies(ProtectionDomain domain, Permission permission) { return true; }

        @Override public PermissionCollection getPermissions(ProtectionDomain domain) {
            Permissions all = new Permissions();
            all.add(new AllPermission());
            return all;
        }
    }
}
