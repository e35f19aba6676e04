package dev.jgpt.code.sandbox.worker;

import java.security.ProtectionDomain;
import java.util.Map;

/**
 * A fresh loader per sample: static state never carries over between samples, and its parent
 * is the platform loader, so a program cannot name the worker's classes. Every class it defines
 * gets the sample's restricted protection domain.
 */
final class SampleClassLoader extends ClassLoader {
    private final Map<String, byte[]> classes;
    private final ProtectionDomain domain;

    SampleClassLoader(Map<String, byte[]> classes, ProtectionDomain domain) {
        super("sample", ClassLoader.getPlatformClassLoader());
        this.classes = classes;
        this.domain = domain;
    }

    @Override protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] b = classes.get(name);
        if (b == null) throw new ClassNotFoundException(name);
        return defineClass(name, b, 0, b.length, domain);
    }
}
